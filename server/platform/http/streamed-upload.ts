import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** A file of a streamed upload: its name and its bytes as they arrive. */
export type StreamedFile = { fileName: string; content: AsyncIterable<Buffer> };

/** Room in a form's declared length for its boundaries, part headers and small fields beside the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** The bytes of an uploaded part as they arrive; a part cut at the size limit is refused, not taken short. */
async function* partBytes(part: MultipartFile, tooLarge: () => Error): AsyncGenerator<Buffer> {
  for await (const chunk of part.file) yield chunk as Buffer;
  if (part.file.truncated) throw tooLarge();
}

/**
 * The file part `field` of a multipart upload, read in the handler (after the permission check) as a stream, never
 * parsed into a body: a form whose declared length is over `maxBytes` is refused with `tooLarge()` before any of it is
 * read, and a part cut at the limit while it streams. The route is registered with `streamedUploadRoute`, in a scope
 * whose multipart options set `limits.fileSize: maxBytes` and `throwFileSizeLimit: false`.
 */
export async function streamedFile(
  req: FastifyRequest,
  opts: { field: string; maxBytes: number; defaultName: string; tooLarge: () => Error },
): Promise<StreamedFile> {
  if (Number(req.headers['content-length'] ?? 0) > opts.maxBytes + FORM_OVERHEAD_BYTES) throw opts.tooLarge();
  const part = await req.file();
  if (!part || part.fieldname !== opts.field) throw new AppError('VALIDATION', opts.field, { reason: 'required' });
  return { fileName: part.filename || opts.defaultName, content: partBytes(part, opts.tooLarge) };
}
