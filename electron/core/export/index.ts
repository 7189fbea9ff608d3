/**
 * Export and roll-up: the forms filed with higher-level unions (花名册,
 * 年度统计表, 劳模补助金发放表), the filing package, and the import of county
 * packages into a prefecture's ledger. See docs/ARCHITECTURE.md, "Export and roll-up".
 */
export { exportRoster, rosterPrintLayout, type ExportResult, type RosterOptions, type RosterSelection } from './roster.ts';
export { annualSheets, exportAnnual, type AnnualData, type AnnualOptions } from './annual.ts';
export { exportModelWorkers, modelWorkerSheets, MODEL_WORKER_PROGRAM_KINDS, type ModelWorkerFormData, type ModelWorkerFormOptions } from './modelWorkers.ts';
export { exportFiling, readFilingPackage, FilingRefused, type FilingExportOptions, type FilingExportResult, type FilingPackage } from './filing.ts';
export { activeFilings, importFilings, COUNTY_UNIT_KIND, type ActiveFiling, type RollupImported, type RollupOptions, type RollupResult } from './rollup.ts';
export { writeFormBook, type WriteResult } from './xlsx.ts';
