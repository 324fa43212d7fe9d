import type { Logger } from '@remaster/config';
import type { ExecutionProviderName } from '@remaster/inference';
import {
  Interpolator,
  ModelCache,
  Upscaler,
  findBuiltinModel,
  loadModelSession,
} from '@remaster/inference';
import { TerminalFailure } from '@remaster/jobs';

export interface ModelProviderOptions {
  readonly executionProviders: readonly ExecutionProviderName[];
  readonly deviceId: number;
  readonly logger: Logger;
}

/** One onnxruntime session per model per process, reused across chunks. */
export class ModelProvider {
  private readonly cache = new ModelCache();

  constructor(private readonly options: ModelProviderOptions) {}

  async upscaler(id: string, factor: number): Promise<Upscaler> {
    const model = this.builtin(id);
    if (model.kind !== 'sr' || model.scale !== factor) {
      throw new TerminalFailure(
        'MODEL_NOT_FOUND',
        `model ${id} is not a ×${factor} super-resolution model`,
      );
    }
    return new Upscaler(await this.session(id), factor);
  }

  async interpolator(id: string): Promise<Interpolator> {
    if (this.builtin(id).kind !== 'vfi')
      throw new TerminalFailure('MODEL_NOT_FOUND', `model ${id} is not an interpolation model`);
    return new Interpolator(await this.session(id));
  }

  private builtin(id: string) {
    const model = findBuiltinModel(id);
    if (!model)
      throw new TerminalFailure('MODEL_NOT_FOUND', `model ${id} is not available on this worker`);
    return model;
  }

  private session(id: string) {
    const { executionProviders, deviceId, logger } = this.options;
    return this.cache.get(id, () =>
      loadModelSession({
        bytes: this.builtin(id).build(),
        executionProviders: [...executionProviders],
        deviceId,
        logger,
      }),
    );
  }
}
