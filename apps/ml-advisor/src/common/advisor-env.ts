import { WithInboxEnv } from '@shop/messaging';
import { MysqlServiceEnv } from '@shop/platform';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

/** The advisor's environment: its database, plus the operator key and the retraining period. */
export class AdvisorEnv extends WithInboxEnv(MysqlServiceEnv) {
  /** Key of the operator routes (the fleet's shared ADMIN_API_KEY); without it they are off. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  /** How often the model is retrained from the order history. */
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  RETRAIN_INTERVAL_MS: number = 300_000;
}
