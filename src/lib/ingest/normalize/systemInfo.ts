import type {HardwareRef, JsonObject} from '../types.js'
import {hardwareRef} from './hardware.js'
import {isObject} from './document.js'
import {num, str} from './units.js'

/**
 * Machine facts from `system_info` / `hardware_details` blocks -> hardware_platforms rows: the CPU
 * (processor, OS, memory, logical cores) and each CUDA device (name, memory, SMs). Memory stays
 * in GB because hardware_platforms.memory_gb is in GB.
 */
export function systemPlatforms(systemInfo: unknown, hardwareDetails?: unknown): HardwareRef[] {
  const out: HardwareRef[] = []
  const si = isObject(systemInfo) ? systemInfo : {}
  const hd = isObject(hardwareDetails) ? hardwareDetails : {}
  const sys = isObject(hd.system) ? hd.system : {}
  const ovInfo = isObject(hd.openvino_device_info) ? hd.openvino_device_info : {}
  if (Object.keys(si).length > 0 || Object.keys(sys).length > 0) {
    out.push(
      hardwareRef('cpu', {
        deviceName: str(ovInfo.CPU) ?? str(si.cpu) ?? str(si.processor) ?? str(sys.processor),
        platform: str(si.os) ?? str(sys.platform) ?? str(si.platform),
        platformVersion: str(si.os_release) ?? str(sys.platform_release),
        memoryGb: num(si.total_memory_gb) ?? num(sys.total_memory),
        computeUnits: num(si.cpu_count_logical) ?? num(sys.cpu_count),
        metadata: {hostname: str(si.hostname), architecture: str(si.architecture) ?? str(sys.architecture)} as JsonObject,
      }),
    )
  }
  const devices = Array.isArray(si.cuda_devices) ? si.cuda_devices : Array.isArray(hd.cuda_devices) ? hd.cuda_devices : []
  for (const dev of devices) {
    if (!isObject(dev)) continue
    out.push(
      hardwareRef('cuda', {
        deviceName: str(dev.name),
        platformVersion: str(si.cuda_version),
        memoryGb: num(dev.total_memory_gb) ?? num(dev.total_memory),
        computeUnits: num(dev.multi_processor_count),
        metadata: {computeCapability: str(dev.compute_capability)} as JsonObject,
      }),
    )
  }
  return out
}
