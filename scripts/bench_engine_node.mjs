// The onnxruntime-node side of make bench-engine: the same ONNX files and
// slice as the Go benchmarks, with the SAM web demo's pre/post-processing
// (segment-anything demo/ and utils/transforms.py): resize the longest side
// to 1024, normalise with SAM's mean/std, zero-pad to 1024x1024; decoder
// with the padding point (0,0, label -1), empty mask_input, orig_im_size;
// the best-IoU multimask channel (1..3, as segtui picks) thresholded at
// logit 0. Prints one JSON line of mean milliseconds (null for a part not
// run). With --emb the decoder runs on that embedding (raw float32
// [1,256,64,64], the one segtui's side decodes), and --enc-runs 0 skips
// the encoder.
//
// node scripts/bench_engine_node.mjs --encoder FILE --decoder FILE --slice FILE.rgb
//     --width W --height H --x X --y Y [--threads N] [--enc-runs 3] [--dec-runs 20]
//     [--emb FILE.f32]
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import os from "node:os";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "bench", "package.json"));
const ort = require("onnxruntime-node");

function parseArgs(argv) {
  const a = { threads: os.cpus().length, "enc-runs": 3, "dec-runs": 20 };
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
      throw new Error(`bad argument ${argv[i]}: expected --name value pairs`);
    }
    a[argv[i].slice(2)] = argv[i + 1];
  }
  for (const k of ["encoder", "decoder", "slice", "width", "height", "x", "y"]) {
    if (a[k] === undefined) throw new Error(`missing --${k}`);
  }
  return a;
}

const MEAN = [123.675, 116.28, 103.53];
const STD = [58.395, 57.12, 57.375];
const S = 1024;

// preprocess: RGB bytes (w x h) -> [1,3,1024,1024] float32, longest side
// resized bilinearly (half-pixel centres) to 1024, normalised, padded.
function preprocess(rgb, w, h) {
  const sc = S / Math.max(w, h);
  const nw = Math.floor(w * sc + 0.5), nh = Math.floor(h * sc + 0.5);
  const out = new Float32Array(3 * S * S);
  const axis = (dst, src) => {
    const i0 = new Int32Array(dst), i1 = new Int32Array(dst), f = new Float32Array(dst);
    const r = src / dst;
    for (let d = 0; d < dst; d++) {
      let s = (d + 0.5) * r - 0.5;
      s = Math.min(Math.max(s, 0), src - 1);
      i0[d] = Math.floor(s); i1[d] = Math.min(i0[d] + 1, src - 1); f[d] = s - i0[d];
    }
    return { i0, i1, f };
  };
  const xm = axis(nw, w), ym = axis(nh, h);
  const plane = S * S;
  for (let y = 0; y < nh; y++) {
    const r0 = ym.i0[y] * w, r1 = ym.i1[y] * w, wy = ym.f[y];
    for (let x = 0; x < nw; x++) {
      const a = xm.i0[x], b = xm.i1[x], wx = xm.f[x];
      for (let c = 0; c < 3; c++) {
        const p00 = rgb[3 * (r0 + a) + c], p01 = rgb[3 * (r0 + b) + c];
        const p10 = rgb[3 * (r1 + a) + c], p11 = rgb[3 * (r1 + b) + c];
        const top = p00 + (p01 - p00) * wx, bot = p10 + (p11 - p10) * wx;
        out[c * plane + y * S + x] = (top + (bot - top) * wy - MEAN[c]) / STD[c];
      }
    }
  }
  return { tensor: new ort.Tensor("float32", out, [1, 3, S, S]), scale: sc };
}

// decode: one click -> binary mask at image size, as the web demo does it.
async function decode(dec, emb, scale, w, h, x, y) {
  const feeds = {
    image_embeddings: emb,
    point_coords: new ort.Tensor("float32", new Float32Array([x * scale, y * scale, 0, 0]), [1, 2, 2]),
    point_labels: new ort.Tensor("float32", new Float32Array([1, -1]), [1, 2]),
    mask_input: new ort.Tensor("float32", new Float32Array(256 * 256), [1, 1, 256, 256]),
    has_mask_input: new ort.Tensor("float32", new Float32Array([0]), [1]),
    orig_im_size: new ort.Tensor("float32", new Float32Array([h, w]), [2]),
  };
  const out = await dec.run(feeds);
  const iou = out.iou_predictions.data;
  let best = 1;
  for (let i = 2; i < 4; i++) if (iou[i] > iou[best]) best = i;
  const logits = out.masks.data, n = w * h, mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = logits[best * n + i] > 0 ? 1 : 0;
  return mask;
}

// cpuMs is the process's CPU time (user and system, all threads), as the
// Go side's getrusage: on a shared machine it measures the work.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const mean = (xs) => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : null);

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const w = +a.width, h = +a.height, x = +a.x, y = +a.y;
  const rgb = readFileSync(a.slice);
  if (rgb.length !== 3 * w * h) {
    throw new Error(`${a.slice} has ${rgb.length} bytes, expected ${3 * w * h} for ${w}x${h} RGB`);
  }
  const opts = {
    executionProviders: ["cpu"],
    intraOpNumThreads: +a.threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  };
  const encRuns = +a["enc-runs"], decRuns = +a["dec-runs"];
  const encMs = [];
  let emb, scale = S / Math.max(w, h);
  if (encRuns > 0 || a.emb === undefined) {
    const enc = await ort.InferenceSession.create(a.encoder, opts);
    const encode = async () => {
      const { tensor, scale } = preprocess(rgb, w, h);
      const out = await enc.run({ [enc.inputNames[0]]: tensor });
      return { emb: out.image_embeddings, scale };
    };
    ({ emb, scale } = await encode()); // warm-up, as the Go side does
    for (let i = 0; i < encRuns; i++) {
      const t = performance.now();
      ({ emb, scale } = await encode());
      encMs.push(performance.now() - t);
    }
    await enc.release();
  }
  if (a.emb !== undefined) {
    const raw = readFileSync(a.emb);
    if (raw.length !== 4 * 256 * 64 * 64) {
      throw new Error(`${a.emb} has ${raw.length} bytes, expected ${4 * 256 * 64 * 64} for a [1,256,64,64] float32 embedding`);
    }
    const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
    emb = new ort.Tensor("float32", data, [1, 256, 64, 64]);
  }
  const decMs = [], p2mMs = [];
  let pixels = null, decCpu = null, p2mCpu = null;
  if (decRuns > 0) {
    const dec = await ort.InferenceSession.create(a.decoder, opts);

    await decode(dec, emb, scale, w, h, x, y);
    let c0 = cpuMs();
    for (let i = 0; i < decRuns; i++) {
      const t = performance.now();
      await decode(dec, emb, scale, w, h, x, y);
      decMs.push(performance.now() - t);
    }
    decCpu = (cpuMs() - c0) / decRuns;

    // Prompt to mask on a cached slice: the embedding from an in-memory cache.
    const cache = new Map([["amos_0004/75", { emb, scale }]]);
    c0 = cpuMs();
    let mask;
    for (let i = 0; i < decRuns; i++) {
      const t = performance.now();
      const hit = cache.get("amos_0004/75");
      mask = await decode(dec, hit.emb, hit.scale, w, h, x, y);
      p2mMs.push(performance.now() - t);
    }
    p2mCpu = (cpuMs() - c0) / decRuns;
    pixels = mask.reduce((s, v) => s + v, 0);
  }
  console.log(JSON.stringify({
    runtime: `onnxruntime-node ${require("onnxruntime-node/package.json").version}`,
    threads: +a.threads,
    encoder_ms: mean(encMs), decoder_ms: mean(decMs), prompt_ms: mean(p2mMs),
    decoder_cpu_ms: decCpu, prompt_cpu_ms: p2mCpu,
    enc_runs: encMs.length, dec_runs: decMs.length, mask_pixels: pixels,
  }));
}

main().catch((e) => { console.error(`bench_engine_node: ${e.message}`); process.exit(1); });
