import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pg from 'pg';

/**
 * A small stand-in for Supabase's REST gateway (PostgREST), enough for supabase-js `rpc()`:
 * `POST /rest/v1/rpc/<fn>` with the named arguments as a JSON object, `apikey` and
 * `Authorization: Bearer` headers; it calls the real function in a real Postgres as the role
 * the key stands for (service_role or anon) and answers like PostgREST: the function's JSON
 * value, or `{ code, message, details, hint }` with PostgREST's HTTP status for the SQLSTATE.
 *
 * Faults can be queued to exercise the client's retries: the connection dropped before or
 * after the call ran, a 503 from the gateway, or the call's backend killed mid-call.
 */
export type PostgrestFault = 'drop-before' | 'drop-after' | 'gateway-503' | 'kill-backend';

export interface PostgrestFixture {
  url: string;
  serviceRoleKey: string;
  anonKey: string;
  /** The function of every request that reached the fixture, in order. */
  calls: string[];
  /** The next `times` requests fail this way (queued after any already queued). */
  inject(fault: PostgrestFault, times?: number): void;
  close(): Promise<void>;
}

interface FunctionSignature {
  args: { name: string; type: string }[];
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

/** PostgREST's mapping of SQLSTATE to HTTP status (docs: "Errors", HTTP status codes). */
export function postgrestStatus(code: string, role: string): number {
  const table: [RegExp, number][] = [
    [/^08/, 503],
    [/^09/, 500],
    [/^0L/, 403],
    [/^0P/, 403],
    [/^23503/, 409],
    [/^23505/, 409],
    [/^25006/, 405],
    [/^25/, 500],
    [/^28/, 403],
    [/^2D/, 500],
    [/^38/, 500],
    [/^39/, 500],
    [/^3B/, 500],
    [/^40/, 500],
    [/^53/, 503],
    [/^54/, 500],
    [/^55/, 500],
    [/^57/, 500],
    [/^58/, 500],
    [/^F0/, 500],
    [/^HV/, 500],
    [/^P0001/, 400],
    [/^P0/, 500],
    [/^XX/, 500],
    [/^42883/, 404],
    [/^42P01/, 404],
    [/^42501/, role === 'anon' ? 401 : 403],
  ];
  return table.find(([pattern]) => pattern.test(code))?.[1] ?? 400;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export async function startPostgrestFixture(databaseUrl: string): Promise<PostgrestFixture> {
  const serviceRoleKey = `test-service-role-${randomBytes(12).toString('hex')}`;
  const anonKey = `test-anon-${randomBytes(12).toString('hex')}`;
  const roles = new Map([
    [serviceRoleKey, 'service_role'],
    [anonKey, 'anon'],
  ]);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', () => undefined);
  const signatures = new Map<string, FunctionSignature[]>();
  const faults: PostgrestFault[] = [];
  const calls: string[] = [];
  const sockets = new Set<Socket>();

  async function signaturesOf(fn: string): Promise<FunctionSignature[]> {
    let found = signatures.get(fn);
    if (found === undefined) {
      const { rows } = await pool.query<{ names: string[] | null; types: string[] }>(
        `select p.proargnames as names,
                array(select format_type(t, null) from unnest(p.proargtypes::oid[]) as t) as types
           from pg_proc p
          where p.pronamespace = 'public'::regnamespace and p.proname = $1`,
        [fn],
      );
      found = rows.map((row) => ({
        args: row.types.map((type, i) => ({ name: row.names?.[i] ?? `$${i + 1}`, type })),
      }));
      signatures.set(fn, found);
    }
    return found;
  }

  async function call(
    fn: string,
    role: string,
    args: Record<string, unknown>,
    fault?: PostgrestFault,
  ): Promise<unknown> {
    const keys = Object.keys(args).sort();
    const signature = (await signaturesOf(fn)).find(
      (candidate) =>
        candidate.args
          .map((a) => a.name)
          .sort()
          .join(',') === keys.join(','),
    );
    if (signature === undefined) {
      throw new HttpFailure(404, {
        code: 'PGRST202',
        details: `Searched for the function public.${fn} with parameters ${keys.join(', ') || 'none'} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
        hint: null,
        message: `Could not find the function public.${fn}(${keys.join(', ')}) in the schema cache`,
      });
    }
    const named = signature.args.map((a) => `${a.name} := _args.${a.name}`).join(', ');
    const columns = signature.args.map((a) => `${a.name} ${a.type}`).join(', ');
    const statement =
      signature.args.length === 0
        ? `select to_jsonb(public.${fn}()) as result`
        : `select to_jsonb(public.${fn}(${named})) as result from json_to_record($1::json) as _args(${columns})`;

    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw new HttpFailure(503, {
        code: 'PGRST001',
        details: String(error),
        hint: null,
        message: 'Database client error. Retrying the connection.',
      });
    }
    let broken = false;
    // A killed backend also reports on the client: without a listener that ends the process.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query('begin');
      await client.query(`set local role ${role}`);
      if (fault === 'kill-backend') {
        // The database connection dies while the call waits: what a failover or a restart does.
        const waiting = client.query('select pg_sleep(10)');
        await pool.query('select pg_terminate_backend($1)', [(client as unknown as { processID: number }).processID]);
        await waiting;
      }
      const { rows } = await client.query<{ result: unknown }>(
        statement,
        signature.args.length === 0 ? [] : [JSON.stringify(args)],
      );
      await client.query('commit');
      return rows[0]?.result ?? null;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) {
        broken = true;
        throw new HttpFailure(503, {
          code: 'PGRST001',
          details: String(error),
          hint: null,
          message: 'Database client error. Retrying the connection.',
        });
      }
      await client.query('rollback').catch(() => {
        broken = true;
      });
      const pgError = error as pg.DatabaseError;
      throw new HttpFailure(postgrestStatus(code, role), {
        code,
        details: pgError.detail ?? null,
        hint: pgError.hint ?? null,
        message: pgError.message,
      });
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  const server = createServer((request, response) => {
    void (async () => {
      const match = /^\/rest\/v1\/rpc\/([a-z_][a-z0-9_]*)$/.exec(new URL(request.url ?? '/', 'http://x').pathname);
      if (request.method !== 'POST' || match === null) {
        send(response, 404, {
          code: 'PGRST125',
          details: null,
          hint: null,
          message: 'Invalid path specified in request URL',
        });
        return;
      }
      const fn = match[1];
      calls.push(fn);
      const fault = faults.shift();
      if (fault === 'drop-before') {
        request.socket.destroy();
        return;
      }
      if (fault === 'gateway-503') {
        send(response, 503, { message: 'upstream connect error or disconnect/reset before headers' });
        return;
      }
      // The gateway checks the apikey; PostgREST takes the role from the bearer token.
      const apikey = request.headers.apikey;
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (typeof apikey !== 'string' || !roles.has(apikey)) {
        send(response, 401, {
          message: 'Invalid API key',
          hint: 'Double check your Supabase `anon` or `service_role` API key.',
        });
        return;
      }
      const role = bearer === undefined ? undefined : roles.get(bearer);
      if (role === undefined) {
        send(response, 401, { code: 'PGRST301', details: null, hint: null, message: 'JWSError JWSInvalidSignature' });
        return;
      }
      const profile = request.headers['content-profile'];
      if (profile !== undefined && profile !== 'public') {
        send(response, 406, {
          code: 'PGRST106',
          details: null,
          hint: null,
          message: 'The schema must be one of the following: public',
        });
        return;
      }
      try {
        const raw = await readBody(request);
        let args: unknown;
        try {
          args = raw === '' ? {} : JSON.parse(raw);
        } catch {
          throw new HttpFailure(400, { code: 'PGRST102', details: null, hint: null, message: 'Empty or invalid json' });
        }
        if (args === null || typeof args !== 'object' || Array.isArray(args)) {
          throw new HttpFailure(400, { code: 'PGRST102', details: null, hint: null, message: 'Empty or invalid json' });
        }
        const result = await call(fn, role, args as Record<string, unknown>, fault);
        if (fault === 'drop-after') {
          request.socket.destroy();
          return;
        }
        send(response, 200, result);
      } catch (error) {
        if (error instanceof HttpFailure) send(response, error.status, error.body);
        else send(response, 500, { code: 'XX000', details: null, hint: null, message: String(error) });
      }
    })();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    serviceRoleKey,
    anonKey,
    calls,
    inject(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
