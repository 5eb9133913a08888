/** The activities feature: "My activities" and an activity's page. */
export { default as ActivityListPage } from './ActivityListPage.vue'
export { deriveStatus, latestStatusEntry, retractedIds } from '../../../shared/entries.ts'
export { groupByPlanAndArea } from './group-activities.ts'
export { useMyActivities } from './use-my-activities.ts'
export { useActivity } from './use-activity.ts'
