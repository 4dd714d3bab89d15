/** Euros as stored (DECIMAL(12,2)) to whole cents, without float drift (4.35 × 100 = 434.999…). */
export const toCents = (amount: string | number): number => Math.round(Number(amount) * 100);

/** Euros of a whole-cent amount, as commands and DECIMAL(12,2) columns carry them. */
export const euros = (cents: number): number => cents / 100;

/** Rounds an amount in euros to the cent, as DECIMAL(12,2) stores it. */
export const roundToCent = (amount: number): number => Math.round(amount * 100) / 100;
