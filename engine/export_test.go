package engine

// FlightRefs is how many callers wait on the encode of k; ok is false when
// none is in flight. For the external precompute tests.
func FlightRefs(s *EncoderService, k CacheKey) (refs int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.flights[k]; f != nil {
		return f.refs, true
	}
	return 0, false
}
