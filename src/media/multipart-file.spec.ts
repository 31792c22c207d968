import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { MultipartError, multipartBoundary, multipartFile } from './multipart-file';

const boundary = '----WebKitFormBoundaryX3bY';
const file = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`\r\n--${boundary.slice(0, 8)}`), Buffer.alloc(5000, 9)]);

function form(parts: Buffer[]): Buffer {
  return Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\n`), p, Buffer.from('\r\n')]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}

/** The body in chunks of `size` bytes, as a socket may deliver it. */
const chunked = (body: Buffer, size: number) =>
  Readable.from(Array.from({ length: Math.ceil(body.length / size) }, (_, i) => body.subarray(i * size, (i + 1) * size)));

describe('multipartFile', () => {
  const body = form([
    Buffer.from('Content-Disposition: form-data; name="note"\r\n\r\nhello'),
    Buffer.concat([
      Buffer.from('Content-Disposition: form-data; name="file"; filename="cat.png"\r\nContent-Type: image/png\r\n\r\n'),
      file,
    ]),
  ]);

  it.each([1, 7, 64, 100_000])('takes the file part out of a body read in chunks of %i bytes', async (size) => {
    const part = await multipartFile(chunked(body, size), boundary);
    expect(part).toMatchObject({ contentType: 'image/png', filename: 'cat.png' });
    expect((await buffer(part.content)).equals(file)).toBe(true);
  });

  it('reads the boundary of the Content-Type, quoted or not', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${boundary}`)).toBe(boundary);
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('image/png')).toBeNull();
  });

  it('takes filename* and defaults the type', async () => {
    const part = await multipartFile(
      chunked(
        form([Buffer.from(`Content-Disposition: form-data; name="f"; filename="x"; filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\nabc`)]),
        3,
      ),
      boundary,
    );
    expect(part).toMatchObject({ contentType: 'application/octet-stream', filename: 'été.txt' });
    expect((await buffer(part.content)).toString()).toBe('abc');
  });

  it('rejects a form without a file, and a truncated file', async () => {
    await expect(
      multipartFile(chunked(form([Buffer.from('Content-Disposition: form-data; name="a"\r\n\r\nb')]), 5), boundary),
    ).rejects.toThrow(MultipartError);
    const truncated = body.subarray(0, body.length - 40);
    const part = await multipartFile(chunked(truncated, 50), boundary);
    await expect(buffer(part.content)).rejects.toThrow(MultipartError);
  });
});
