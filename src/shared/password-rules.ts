/**
 * Password rules (docs/admin-api.md): at least 12 characters, or a passphrase of at least 4 words
 * (each at least 3 letters, separated by spaces or hyphens) and at least 16 characters in all.
 * Pure, so the client can show the same reasons before anything is sent.
 */

export const MIN_PASSWORD_LENGTH = 12
export const MIN_PASSPHRASE_WORDS = 4
export const MIN_PASSPHRASE_WORD_LETTERS = 3
export const MIN_PASSPHRASE_LENGTH = 16
export const MAX_PASSWORD_LENGTH = 1000

/** Characters, not UTF-16 units: "å" or an emoji counts once. */
const length = (s: string) => [...s.normalize('NFC')].length

/** True when `pw` is a passphrase: ≥ 4 words of ≥ 3 letters, spaces or hyphens between, ≥ 16 characters. */
export function isPassphrase(pw: string): boolean {
  const text = pw.normalize('NFC').trim()
  if (length(text) < MIN_PASSPHRASE_LENGTH) return false
  const words = text.split(/[\s-]+/)
  return words.length >= MIN_PASSPHRASE_WORDS && words.every((w) => /^\p{L}+$/u.test(w) && length(w) >= MIN_PASSPHRASE_WORD_LETTERS)
}

/** What is wrong with a password, in readable English; empty when it is acceptable. */
export function passwordProblems(pw: string): string[] {
  const problems: string[] = []
  if (length(pw) > MAX_PASSWORD_LENGTH) problems.push(`at most ${MAX_PASSWORD_LENGTH} characters`)
  if (pw.trim() !== pw) problems.push('no spaces at the start or the end')
  if (problems.length) return problems
  if (length(pw) >= MIN_PASSWORD_LENGTH || isPassphrase(pw)) return []
  return [
    `too short: at least ${MIN_PASSWORD_LENGTH} characters (this has ${length(pw)}), ` +
      `or a passphrase of at least ${MIN_PASSPHRASE_WORDS} words of at least ${MIN_PASSPHRASE_WORD_LETTERS} letters each, ` +
      `separated by spaces or hyphens, ${MIN_PASSPHRASE_LENGTH} characters in all`,
  ]
}

/**
 * The error code of every request but "who am I", changing the password and logging out, made
 * with a session opened with a one-time password (403): the user chooses their own first.
 */
export const PASSWORD_CHANGE_REQUIRED = 'password_change_required'
