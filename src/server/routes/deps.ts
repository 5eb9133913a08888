import type { Config } from '../config.ts'
import type { Store } from '../db/database.ts'

/** What every route plugin is given. */
export interface RouteDeps {
  store: Store
  config: Config
  version: string
}
