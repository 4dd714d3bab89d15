import { WithInboxEnv } from '@shop/messaging';
import { MysqlServiceEnv } from '@shop/platform';

/** Inventory's environment: its database and the inbox of the saga commands it consumes. */
export class InventoryEnv extends WithInboxEnv(MysqlServiceEnv) {}
