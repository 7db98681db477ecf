/**
 * Decodes an embedding sent as base64 of little-endian float32 values (what the API returns for
 * `encoding_format: "base64"`). Returns `undefined` when the byte count is not a multiple of 4.
 */
export function decodeBase64Float32(base64: string): Float32Array | undefined {
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length % 4 !== 0) return undefined;
  // Copy into a fresh, aligned buffer: Buffer may hand out a slice of a shared pool at any offset.
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  const view = new DataView(aligned.buffer);
  const vector = new Float32Array(bytes.length / 4);
  for (let index = 0; index < vector.length; index++) vector[index] = view.getFloat32(index * 4, true);
  return vector;
}

/** Encodes a vector the way the API does for `encoding_format: "base64"` (for mocks and tests). */
export function encodeBase64Float32(vector: ArrayLike<number>): string {
  const buffer = new ArrayBuffer(vector.length * 4);
  const view = new DataView(buffer);
  for (let index = 0; index < vector.length; index++) view.setFloat32(index * 4, vector[index]!, true);
  return Buffer.from(buffer).toString("base64");
}
