/** The auth endpoints (see the server's routes/auth). */
import type { Locale, User } from '../../shared/domain.ts'
import { apiFetch } from './client.ts'

export interface LoginResponse {
  token: string
  expiresAt: string
  user: User
}

export function login(username: string, password: string): Promise<LoginResponse> {
  return apiFetch<LoginResponse>('/api/auth/login', { method: 'POST', body: { username, password } })
}

export function logout(token: string): Promise<void> {
  return apiFetch<void>('/api/auth/logout', { method: 'POST', token })
}

export async function fetchMe(token: string, signal?: AbortSignal): Promise<User> {
  return (await apiFetch<{ user: User }>('/api/me', { token, signal })).user
}

export async function updateMyLocale(token: string, locale: Locale, signal?: AbortSignal): Promise<User> {
  return (await apiFetch<{ user: User }>('/api/me', { method: 'PATCH', token, body: { locale }, signal })).user
}

/** The user chooses a new password; 400 weak_password or wrong_password otherwise. */
export function changeMyPassword(token: string, currentPassword: string, newPassword: string): Promise<void> {
  return apiFetch<void>('/api/me/password', { method: 'POST', token, body: { currentPassword, newPassword } })
}
