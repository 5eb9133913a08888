/** The activities feature: "My activities" (search, filters) and an activity's page. */
export { default as ActivityListPage } from './ActivityListPage.vue'
export { deriveStatus, latestStatusEntry, retractedIds } from '../../../shared/entries.ts'
export { groupByPlanAndArea, groupActivities, sortActivities, toActivityItems } from './group-activities.ts'
export { filterActivities, indexActivities, normalizeForSearch } from './filter-activities.ts'
export { useMyActivities } from './use-my-activities.ts'
export { useActivity } from './use-activity.ts'
