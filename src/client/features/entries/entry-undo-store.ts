/**
 * "Saved – Undo": right after a save the user can take it back for a few seconds
 * (EntryUndoSnackbar: what no push has taken yet is erased with its mutation, anything else is
 * retracted; docs/sync-protocol.md, "Undo"). This store only holds
 * the offer, so the app shell can stay small and load the snackbar when there is one.
 */
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { LocalEntry } from '../../db/database.ts'

/** How long the undo offer stays (paused while the pointer or focus is on it). */
export const UNDO_MS = 10_000

export interface UndoOffer {
  /** Changes with every offer, so the snackbar restarts its timer. */
  key: number
  entry: LocalEntry
  /** What was saved, e.g. "Status saved: In progress." */
  message: string
}

let counter = 0

export const useEntryUndoStore = defineStore('entryUndo', () => {
  /** The entry that can be undone now, or null. */
  const offer = shallowRef<UndoOffer | null>(null)

  function show(entry: LocalEntry, message: string): void {
    offer.value = { key: ++counter, entry, message }
  }

  /** Ends the offer (`key`: only if it is still that offer). */
  function dismiss(key?: number): void {
    if (key === undefined || offer.value?.key === key) offer.value = null
  }

  return { offer, show, dismiss }
})
