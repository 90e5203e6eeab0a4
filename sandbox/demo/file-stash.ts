/**
 * A local stand-in for Zapier's file stash, so the demo can run a hydrator that calls `z.stashFile` as Zapier
 * runs it: core asks Zapier's RPC for a signed upload (`get_presigned_upload_post_data`), posts the file as a
 * multipart form to that URL (S3 on Zapier), and answers the file's URL. Here both ends are this server, which
 * keeps the files so the demo can read them back. Any other path (core's log stream) is swallowed.
 *
 *   startFileStash(): Promise<FileStash>   { rpc_base, token, logging_endpoint, files, close }
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface FileStash {
  /** Put both on the event: `{ rpc_base, token }`; set LOGGING_ENDPOINT to `logging_endpoint`. */
  rpc_base: string;
  token: string;
  logging_endpoint: string;
  /** Stashed files by URL. */
  files: Map<string, { filename: string; contentType: string; content: string }>;
  close(): Promise<void>;
}

const RPC_PATH = '/platform/rpc/cli';

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** The fields of a multipart form (as core's uploader sends it): name → {value, filename?, contentType?}. */
function formFields(raw: Buffer, contentType: string): Map<string, { value: string; filename?: string; contentType?: string }> {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1] ?? '';
  const fields = new Map<string, { value: string; filename?: string; contentType?: string }>();
  for (const part of raw.toString('utf8').split(`--${boundary}`)) {
    const at = part.indexOf('\r\n\r\n');
    if (at < 0) continue;
    const head = part.slice(0, at);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (!name) continue;
    fields.set(name, {
      value: part.slice(at + 4, part.endsWith('\r\n') ? -2 : undefined),
      filename: /filename="([^"]*)"/.exec(head)?.[1],
      contentType: /Content-Type: (.+)/i.exec(head)?.[1]?.trim(),
    });
  }
  return fields;
}

export async function startFileStash(): Promise<FileStash> {
  const files: FileStash['files'] = new Map();
  let base = '';
  let uploads = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await body(req);
    const json = (value: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.method === 'POST' && req.url?.startsWith(RPC_PATH)) {
      const { id, method } = JSON.parse(raw.toString('utf8')) as { id: string; method: string };
      if (method !== 'get_presigned_upload_post_data') return json({ id, error: `this stand-in only stashes files, not ${method}` });
      uploads += 1;
      return json({ id, result: { url: `${base}/files/`, fields: { key: `upload-${uploads}` } } });
    }
    if (req.method === 'POST' && req.url === '/files/') {
      const fields = formFields(raw, String(req.headers['content-type'] ?? ''));
      const file = fields.get('file');
      const key = fields.get('key')?.value ?? '';
      files.set(`${base}/files/${key}`, {
        filename: file?.filename ?? '',
        contentType: file?.contentType ?? '',
        content: file?.value ?? '',
      });
      return res.writeHead(204).end();
    }
    const stashed = req.method === 'GET' ? files.get(`${base}${req.url}`) : undefined;
    if (stashed) return res.writeHead(200, { 'content-type': stashed.contentType }).end(stashed.content);
    return json({});
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    rpc_base: `${base}${RPC_PATH}`,
    token: 'demo-file-stash',
    logging_endpoint: `${base}/input`,
    files,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
