package datasets

// For the external tests (datasets_test), which import the format
// packages and so cannot be internal tests.

// LooksCTChunk is how many voxels LooksCT reads between early exits.
const LooksCTChunk = looksCTChunk
