// Bundle entry for the benchmark: the product's workflows plus the hand-written baseline.
export * from '../../libs/workflows/src/index';
export { handWrittenProvisioningWorkflow } from './baseline.workflow';
