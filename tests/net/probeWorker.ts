/** Started by the no-network scenario: tries to reach the network from a worker thread and says what happened. */
import http from 'node:http';
import { parentPort } from 'node:worker_threads';

try {
  http.get('http://127.0.0.1:9/');
  parentPort!.postMessage('connected');
} catch (err) {
  parentPort!.postMessage(String((err as Error).message));
}
