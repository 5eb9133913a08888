/**
 * Shutdown when the server's output is dead: a log collector or supervisor that died leaves the
 * server's stdout and stderr as a pipe nobody reads (it fills up) or one whose reader is gone
 * (every write fails with EPIPE). SIGTERM must still end the process within 15 s, and with exit
 * code 0 when it could finish cleanly; with live pipes it logs as always. Then the destination
 * itself (src/server/logging.ts logDestination): it drops rather than hoards, and never throws.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { logDestination } from '../../src/server/logging.ts'
import { freePort } from '../helpers/server-process.ts'

const STOP_WITHIN_MS = 15_000

interface Started {
  child: ChildProcess
  url: string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const dirs: string[] = []
const children: ChildProcess[] = []

/** The real server on a fresh DATA_DIR, API only, logging at info (a line or two per request). */
async function start(stdio: 'pipe' | 'closed'): Promise<Started> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nara-pipes-'))
  dirs.push(dataDir)
  const port = await freePort()
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: '', DEMO: '0', LOG_LEVEL: 'info', DATABASE_URL: '' }
  const child =
    stdio === 'pipe'
      ? spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : // The shell closes fds 1 and 2 before Node starts.
        spawn('sh', ['-c', `exec "${process.execPath}" --import tsx src/server/server.ts >&- 2>&-`], { env, stdio: 'ignore' })
  children.push(child)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited with ${child.exitCode ?? child.signalCode}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s')
    await new Promise((r) => setTimeout(r, 100))
  }
  return { child, url, exited }
}

/** SIGTERM, then how the process ended and how long it took; null when it was still running after 15 s. */
async function terminate(s: Started): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number } | null> {
  const sent = Date.now()
  s.child.kill('SIGTERM')
  const timeout = new Promise<null>((r) => setTimeout(() => r(null), STOP_WITHIN_MS).unref())
  const ended = await Promise.race([s.exited, timeout])
  return ended && { ...ended, ms: Date.now() - sent }
}

/**
 * `n` requests, 20 at a time, each with a query of `pad` characters that the request's log lines
 * repeat: a few hundred fill any pipe's buffer. Every one must be answered.
 */
async function requests(url: string, n: number, pad = 0): Promise<void> {
  const query = pad ? `?pad=${'x'.repeat(pad)}` : ''
  for (let i = 0; i < n; i += 20) {
    const answers = await Promise.all(Array.from({ length: Math.min(20, n - i) }, () => fetch(`${url}/api/health${query}`).then((r) => r.status)))
    expect(answers.every((s) => s === 200)).toBe(true)
  }
}

describe('SIGTERM with the output pipes dead', { timeout: 120_000 }, () => {
  afterEach(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  })
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('logs JSON lines as always while its pipes are read, and exits 0', async () => {
    const s = await start('pipe')
    let out = ''
    s.child.stdout!.on('data', (d) => (out += d))
    s.child.stderr!.on('data', (d) => (out += d))
    for (let i = 0; i < 5; i++) expect((await fetch(`${s.url}/api/health`, { headers: { 'x-request-id': `pipes-live-${i}` } })).status).toBe(200)
    expect(await terminate(s)).toMatchObject({ code: 0, signal: null })
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; reqId?: string })
    expect(lines.filter((l) => l.msg === 'request completed' && l.reqId?.startsWith('pipes-live-')).map((l) => l.reqId)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `pipes-live-${i}`),
    )
    // The last lines, written during the shutdown, got out before the exit.
    expect(lines.slice(-2).map((l) => l.msg)).toEqual(['shutting down: no new requests, finishing those in flight', 'stopped'])
  })

  it('keeps answering and exits 0 when the pipes’ reader is gone (every log write fails with EPIPE)', async () => {
    const s = await start('pipe')
    s.child.stdout!.destroy()
    s.child.stderr!.destroy()
    await requests(s.url, 50)
    const ended = await terminate(s)
    expect(ended, 'still running 15 s after SIGTERM').not.toBeNull()
    expect(ended).toMatchObject({ code: 0, signal: null })
  })

  it('keeps answering and exits 0 when nobody reads the pipes and they are full', async () => {
    const s = await start('pipe')
    // Never read: what the server writes stays in the pipe until it is full.
    s.child.stdout!.pause()
    s.child.stderr!.pause()
    const n = 600
    const pad = 8000
    await requests(s.url, n, pad)
    const ended = await terminate(s)
    expect(ended, 'still running 15 s after SIGTERM').not.toBeNull()
    expect(ended).toMatchObject({ code: 0, signal: null })
    // The premise: the pipe held only a small part of what the server logged (two lines a request,
    // each with the padded address), so it was full and writes had to wait.
    let held = 0
    s.child.stdout!.on('data', (d: Buffer) => (held += d.length))
    s.child.stdout!.resume()
    await new Promise((r) => s.child.stdout!.once('close', r))
    expect(held).toBeLessThan((n * 2 * pad) / 4)
  })

  it('exits 0 when it was started with stdout and stderr closed', async () => {
    const s = await start('closed')
    await requests(s.url, 20)
    expect(await terminate(s)).toMatchObject({ code: 0, signal: null })
  })
})

describe('logDestination', () => {
  /** A stream whose writes wait until `release()`, like a pipe nobody reads. */
  function stuckStream() {
    const pending: Array<() => void> = []
    const written: string[] = []
    const stream = new Writable({
      highWaterMark: 1024,
      write(chunk, _enc, done) {
        written.push(String(chunk))
        pending.push(done)
      },
    })
    /** Lets every queued write through (each finished write starts the next one at once). */
    const release = async () => {
      while (pending.length) pending.shift()!()
      await new Promise((r) => setImmediate(r))
    }
    return { stream, written, release }
  }

  it('drops lines once the unwritten backlog passes its limit, and says how many when the output moves again', async () => {
    const { stream, written, release } = stuckStream()
    const out = logDestination(stream, 10_000)
    const line = `${'x'.repeat(999)}\n`
    for (let i = 0; i < 100; i++) out.write(line)
    // Held in memory: the limit and at most one line over it, not the 100 kB written.
    expect(stream.writableLength).toBeLessThanOrEqual(11_000)
    const kept = 1 + Math.floor(10_000 / 1000)
    await release()
    expect(stream.writableLength).toBe(0)
    out.write('{"msg":"after"}\n')
    await release()
    expect(written.filter((w) => w === line)).toHaveLength(kept)
    expect(JSON.parse(written.at(-2)!)).toMatchObject({ level: 40, dropped: 100 - kept })
    expect(written.at(-1)).toBe('{"msg":"after"}\n')
  })

  it('stops writing after a write error instead of throwing, and flushWithin() does not wait on a dead output', async () => {
    const broken = new Writable({
      write(_chunk, _enc, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
      },
    })
    const out = logDestination(broken)
    expect(() => out.write('{"msg":"one"}\n')).not.toThrow()
    await new Promise((r) => setImmediate(r))
    expect(() => out.write('{"msg":"two"}\n')).not.toThrow()
    const started = Date.now()
    await out.flushWithin(5_000)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('flushWithin() waits for a slow output to take what was written, and gives up on a stuck one at its deadline', async () => {
    const slow = stuckStream()
    const out = logDestination(slow.stream)
    out.write('{"msg":"last"}\n')
    setTimeout(() => void slow.release(), 200)
    const started = Date.now()
    await out.flushWithin(5_000)
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
    expect(slow.stream.writableLength).toBe(0)

    const stuck = stuckStream()
    const never = logDestination(stuck.stream)
    never.write('{"msg":"never read"}\n')
    const before = Date.now()
    await never.flushWithin(300)
    expect(Date.now() - before).toBeGreaterThanOrEqual(280)
    expect(stuck.stream.writableLength).toBeGreaterThan(0)
  })
})
