import { BadGatewayException, BadRequestException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { isTimeoutError } from '@shop/resilience';

import { UpstreamError, upstreamJson } from '../../common/upstream';
import { FaultPatchDto } from '../dto/fault-patch.dto';
import {
  FAULT_DEPENDENCIES,
  FaultDependency,
  isLocalFaultDependency,
  REMOTE_FAULTS,
  RemoteFaultDependency,
} from './fault-dependencies';
import { LocalFaults } from './local-faults';

const REMOTE_DEADLINE_MS = 2_000;
/** The simulators and the advisor share this admin route and body shape. */
const FAULTS_PATH = '/admin/faults';

export interface FaultState {
  dependency: FaultDependency;
  /** `gateway` for in-process faults, else the process that applies them. */
  appliedBy: string;
  settings?: unknown;
  /** Why the settings could not be read (remote process unreachable). */
  error?: string;
}

/**
 * Sets, reads and clears faults. Provider simulators and the advisor apply their own faults
 * (their `/admin/faults`, called with the fleet's admin key); `inventory_catalogue` and `cache` faults
 * live here, applied by the gateway around its own calls.
 */
@Injectable()
export class FaultsAdminService {
  private readonly adminKey: string;

  constructor(
    private readonly config: ConfigService,
    private readonly local: LocalFaults,
  ) {
    this.adminKey = config.getOrThrow<string>('ADMIN_API_KEY');
  }

  async all(): Promise<FaultState[]> {
    return Promise.all(
      FAULT_DEPENDENCIES.map(async (dependency) => {
        try {
          return await this.get(dependency);
        } catch (error) {
          return { dependency, appliedBy: this.appliedBy(dependency), error: (error as Error).message };
        }
      }),
    );
  }

  async get(dependency: FaultDependency): Promise<FaultState> {
    if (isLocalFaultDependency(dependency))
      return { dependency, appliedBy: 'gateway', settings: this.local.current(dependency) };
    return { dependency, appliedBy: this.appliedBy(dependency), settings: await this.remote(dependency, 'GET') };
  }

  async set(dependency: FaultDependency, body: FaultPatchDto): Promise<FaultState> {
    // DTO instances define every declared field, absent ones as undefined: keep only those sent.
    const patch = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as FaultPatchDto;
    if (Object.keys(patch).length === 0)
      throw new BadRequestException({
        message: 'expected at least one of mode, latencyMs, errorRate, seed',
        field: 'body',
      });
    if (isLocalFaultDependency(dependency)) {
      if (patch.seed !== undefined)
        throw new BadRequestException({ message: 'seed applies to provider simulators only', field: 'seed' });
      const { seed: _seed, ...settings } = patch;
      return { dependency, appliedBy: 'gateway', settings: this.local.update(dependency, settings) };
    }
    if (dependency === 'ml_advisor' && patch.seed !== undefined)
      throw new BadRequestException({ message: 'seed applies to provider simulators only', field: 'seed' });
    return { dependency, appliedBy: this.appliedBy(dependency), settings: await this.remote(dependency, 'PUT', patch) };
  }

  async clear(dependency: FaultDependency): Promise<FaultState> {
    if (isLocalFaultDependency(dependency))
      return { dependency, appliedBy: 'gateway', settings: this.local.clear(dependency) };
    return { dependency, appliedBy: this.appliedBy(dependency), settings: await this.remote(dependency, 'DELETE') };
  }

  private appliedBy(dependency: FaultDependency): string {
    return isLocalFaultDependency(dependency) ? 'gateway' : REMOTE_FAULTS[dependency].what;
  }

  private async remote(
    dependency: RemoteFaultDependency,
    method: 'GET' | 'PUT' | 'DELETE',
    body?: object,
  ): Promise<unknown> {
    const { urlVariable, what } = REMOTE_FAULTS[dependency];
    const base = this.config.get<string>(urlVariable);
    if (!base) throw new BadGatewayException(`${urlVariable} is not set: cannot reach the ${what}`);
    try {
      return await upstreamJson(what, `${base.replace(/\/$/, '')}${FAULTS_PATH}`, {
        method,
        body,
        headers: { 'x-admin-key': this.adminKey },
        signal: AbortSignal.timeout(REMOTE_DEADLINE_MS),
      });
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 400) {
        const detail = error.body as { message?: string; field?: string };
        throw new BadRequestException({ message: detail.message ?? 'rejected by the simulator', field: detail.field });
      }
      const reason =
        isTimeoutError(error) || (error as Error).name === 'TimeoutError'
          ? `no answer within ${REMOTE_DEADLINE_MS} ms`
          : (error as Error).message;
      throw new BadGatewayException(`the ${what} did not take the fault change: ${reason}`);
    }
  }
}
