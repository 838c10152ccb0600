import {detect, validate} from '../../../schema/formats/api_model_latency.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, secondsToMs} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

/**
 * Models served by a remote API: the hardware is not known, so the hardware type is
 * `remote_api`. Throughput is tokens per second (items = generated tokens); latency is the
 * response time, converted from seconds to ms.
 */
export const apiModelLatencyAdapter: ShapeAdapter = {
  name: 'api_model_latency',
  category: 'performance',
  priority: 45,
  description: 'Hosted API model timings (response_time s -> ms, tokens_per_second as the tokens_per_second metric) on hardware type remote_api',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const out = newDocument({testName: fileStem(ctx), testType: 'api_performance', startedAt, metadata: runMetadata(ctx, startedAt !== null, rest(d, ['models', 'timestamp']))})
    for (const [i, m] of (d.models as Array<Record<string, unknown>>).entries()) {
      const tokensPerSecond = num(m.tokens_per_second)
      out.performance.push({
        model: modelRef(m.model as string),
        hardware: hardwareRef('remote_api'),
        testCase: 'api_completion',
        averageLatencyMs: secondsToMs(num(m.response_time)),
        // Tokens/s is not items/s: it is its own catalogued metric, never the throughput column.
        metricValues: tokensPerSecond === null ? [] : [{metric: 'tokens_per_second', value: tokensPerSecond, unit: 'tokens/s', pointer: `/models/${i}/tokens_per_second`}],
        iterations: 1,
        metrics: {
          queueTimeMs: secondsToMs(num(m.queue_time)),
          processingTimeMs: secondsToMs(num(m.processing_time)),
          ...rest(m, ['model', 'response_time', 'tokens_per_second', 'queue_time', 'processing_time']),
        } as JsonObject,
        simulated: false,
      })
    }
    return out
  },
}
