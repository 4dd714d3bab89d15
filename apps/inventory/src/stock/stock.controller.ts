import { Controller, Logger } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApiResult,
  ProductLookupReply,
  ProductLookupRequest,
  SAGA_REQUESTS,
  SAGA_TOPIC,
  SagaCommand,
} from '@shop/contracts';
import { handleCommandWithRetries, OutboxRelay } from '@shop/messaging';
import { asResult } from '@shop/platform';

import { StockService } from './stock.service';

@Controller()
export class StockController {
  private readonly logger = new Logger(StockController.name);

  constructor(
    private readonly stock: StockService,
    private readonly relay: OutboxRelay,
  ) {}

  /** The gateway prices an order and rejects unknown SKUs with this. */
  @MessagePattern(SAGA_REQUESTS.lookupProducts)
  lookup(@Payload() request: ProductLookupRequest): Promise<ApiResult<ProductLookupReply>> {
    return asResult(() => this.stock.lookup(Array.isArray(request?.skus) ? request.skus : []));
  }

  @EventPattern(SAGA_TOPIC.inventoryCommands)
  async onCommand(@Payload() command: SagaCommand): Promise<void> {
    if (!command || typeof command.messageId !== 'string') return;
    await handleCommandWithRetries('inventory', SAGA_TOPIC.inventoryCommands, command, this.relay, this.logger, () =>
      this.stock.handle(command),
    );
  }
}
