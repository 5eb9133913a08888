/** Prop types shared by the presentational components. */
export interface UiSelectOption<V extends string> {
  value: V
  label: string
  /** Language of the label, when it differs from the page's. */
  lang?: string
}
