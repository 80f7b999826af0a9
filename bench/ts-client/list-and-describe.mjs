// Lists open workflows on a Temporal frontend and describes one cortexclust experiment, with the Temporal TypeScript
// client (not a product dependency). Usage: node list-and-describe.mjs 127.0.0.1:7233 [workflowId]
// The Java test server has no visibility queries (ListWorkflowExecutions), so listing uses ListOpenWorkflowExecutions.
import { Connection, Client } from '@temporalio/client';

const address = process.argv[2] ?? '127.0.0.1:7233';
const connection = await Connection.connect({ address });
const client = new Client({ connection, namespace: 'default' });
const open = await connection.workflowService.listOpenWorkflowExecutions({ namespace: 'default', maximumPageSize: 100 });
const runs = open.executions.map((e) => ({ workflowId: e.execution.workflowId, type: e.type.name }));
const id = process.argv[3] ?? runs.find((r) => r.type === 'ExperimentWorkflow')?.workflowId;
const out = { open: runs };
if (id) {
  const handle = client.workflow.getHandle(id);
  const d = await handle.describe();
  out.describe = { workflowId: d.workflowId, type: d.type, status: d.status.name, taskQueue: d.taskQueue };
  out.progress = await handle.query('progress');
  const raw = await connection.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: id } });
  out.pendingActivities = raw.pendingActivities.map((a) => ({ type: a.activityType.name, attempt: a.attempt }));
}
console.log(JSON.stringify(out, null, 2));
await connection.close();
