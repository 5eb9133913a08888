/**
 * Nära's icon set: simple 24×24 line icons drawn for the app (stroke = currentColor).
 * A `{ d, fill: true }` shape is filled instead of stroked.
 */
export type IconShape = string | { d: string; fill: true }

const circle = 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z'

export const ICONS = {
  activities: [
    'M9 6h11',
    'M9 12h11',
    'M9 18h11',
    { d: 'M4.5 4.75a1.25 1.25 0 1 0 0 2.5a1.25 1.25 0 1 0 0-2.5z', fill: true },
    { d: 'M4.5 10.75a1.25 1.25 0 1 0 0 2.5a1.25 1.25 0 1 0 0-2.5z', fill: true },
    { d: 'M4.5 16.75a1.25 1.25 0 1 0 0 2.5a1.25 1.25 0 1 0 0-2.5z', fill: true },
  ],
  /** The coordinator's overview: a grid of units by activities. */
  overview: ['M4 4h7v7H4z', 'M13 4h7v7h-7z', 'M4 13h7v7H4z', 'M13 13h7v7h-7z'],
  /** Administration: plans, units and people, drawn as an organisation chart (not Settings' sliders). */
  admin: ['M9 3h6v5H9z', 'M12 8v4', 'M6 12h12', 'M6 12v3', 'M18 12v3', 'M3 15h6v5H3z', 'M15 15h6v5h-6z'],
  settings: ['M4 7h9', 'M19 7h1', 'M4 17h1', 'M11 17h9', 'M16 4.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5z', 'M8 14.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5z'],
  online: [
    'M2 8.8a15 15 0 0 1 20 0',
    'M5.5 12.5a10 10 0 0 1 13 0',
    'M9 16.2a5 5 0 0 1 6 0',
    { d: 'M12 18.6a1.4 1.4 0 1 0 0 2.8a1.4 1.4 0 1 0 0-2.8z', fill: true },
  ],
  offline: [
    'M3 3l18 18',
    'M8.6 5.3A15 15 0 0 1 22 8.8',
    'M2 8.8a15 15 0 0 1 3.3-2.2',
    'M15.5 10.9a10 10 0 0 1 3 1.6',
    'M5.5 12.5a10 10 0 0 1 4.1-2.1',
    'M9 16.2a5 5 0 0 1 6 0',
    { d: 'M12 18.6a1.4 1.4 0 1 0 0 2.8a1.4 1.4 0 1 0 0-2.8z', fill: true },
  ],
  'chevron-right': ['M9 5l7 7-7 7'],
  'chevron-left': ['M15 5l-7 7 7 7'],
  not_started: [circle],
  planned: ['M4 6.5h16v13.5H4z', 'M4 10.5h16', 'M8.5 3.5v4', 'M15.5 3.5v4'],
  in_progress: [circle, { d: 'M12 3a9 9 0 0 1 0 18z', fill: true }],
  at_risk: ['M12 3.5L2.5 20h19z', 'M12 10v4.5', { d: 'M12 16.6a1.2 1.2 0 1 0 0 2.4a1.2 1.2 0 1 0 0-2.4z', fill: true }],
  paused: [circle, 'M10 9v6', 'M14 9v6'],
  done: [circle, 'M8 12.5l3 3 5.5-6'],
  alert: [circle, 'M12 7.5v5.5', { d: 'M12 15.3a1.2 1.2 0 1 0 0 2.4a1.2 1.2 0 1 0 0-2.4z', fill: true }],
  info: [circle, 'M12 11v6', { d: 'M12 6.8a1.2 1.2 0 1 0 0 2.4a1.2 1.2 0 1 0 0-2.4z', fill: true }],
  clock: [circle, 'M12 7v5l3.5 2'],
  logout: ['M10 4H5v16h5', 'M15 8l4 4-4 4', 'M19 12H9'],
  refresh: ['M20 12a8 8 0 0 1-14 5.3', 'M4 12a8 8 0 0 1 14-5.3', 'M18 3v4h-4', 'M6 21v-4h4'],
  user: ['M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8z', 'M4 21a8 8 0 0 1 16 0'],
  eye: ['M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z', 'M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6z'],
  'eye-off': [
    'M3 3l18 18',
    'M10.6 5.1A10 10 0 0 1 12 5c6.5 0 10 7 10 7a17 17 0 0 1-3 3.9',
    'M6.6 6.6C3.8 8.4 2 12 2 12s3.5 7 10 7a9.6 9.6 0 0 0 5.4-1.6',
    'M9.9 9.9a3 3 0 0 0 4.2 4.2',
  ],
  note: ['M5 4h10l4 4v12H5z', 'M15 4v4h4', 'M8.5 12h7', 'M8.5 16h5'],
  comment: ['M4 5h16v11H9l-5 4z'],
  measurement: ['M4 20h16', 'M7 16v-4', 'M12 16V7', 'M17 16v-7'],
  retraction: ['M9 5L4 10l5 5', 'M4 10h10a5 5 0 0 1 0 10h-3'],
  'trend-up': ['M3 17l6-6 4 4 8-8', 'M15 7h6v6'],
  'trend-down': ['M3 7l6 6 4-4 8 8', 'M15 17h6v-6'],
  update: ['M12 4v11', 'M7.5 10.5L12 15l4.5-4.5', 'M5 20h14'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  'chevron-down': ['M5 9l7 7 7-7'],
  filter: ['M4 5h16l-6 7.5V19l-4 1.5v-8z'],
  search: ['M10.5 4a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13z', 'M15.5 15.5L20 20'],
  download: ['M12 4v11', 'M7.5 10.5L12 15l4.5-4.5', 'M5 20h14'],
  /** Not yet synced: a cloud with an arrow still to go up. */
  pending: ['M7 18h10.5a4 4 0 0 0 .4-8A6 6 0 0 0 6.3 9.2A4.5 4.5 0 0 0 7 18z', 'M12 16v-5', 'M9.8 13l2.2-2.2 2.2 2.2'],
  /** Everything synced: a cloud with a check. */
  synced: ['M7 18h10.5a4 4 0 0 0 .4-8A6 6 0 0 0 6.3 9.2A4.5 4.5 0 0 0 7 18z', 'M9.3 13.6l1.9 1.9 3.6-3.7'],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
  trash: ['M4 7h16', 'M10 11v6', 'M14 11v6', 'M6 7l1 13h10l1-13', 'M9 7V4h6v3'],
  /** Shown where something is kept on the device only. */
  device: ['M7 3h10v18H7z', 'M11 18h2'],
  share: ['M12 3v12', 'M8 7l4-4 4 4', 'M6 11H5v10h14V11h-1'],
  plus: ['M12 5v14', 'M5 12h14'],
} satisfies Record<string, IconShape[]>

export type IconName = keyof typeof ICONS
