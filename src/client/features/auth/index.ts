/** Signing in and out; the session on the device. */
export { useAuthStore } from './auth-store.ts'
