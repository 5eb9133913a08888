/** Runs Nära's command line (`npm run nara -- …`) as a user would, on a SQLite store in `dataDir` (or what `extraEnv` names). */
import { spawn } from 'node:child_process'

export function runCli(
  args: string[],
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir }
    delete env.DATABASE_URL
    Object.assign(env, extraEnv)
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
