import { SetMetadata } from '@nestjs/common';

import { CompartmentName } from './compartment';

export const COMPARTMENT_KEY = 'gateway:compartment';

/**
 * Puts a controller or route in a compartment: its requests run inside that compartment's
 * bulkhead and at its priority in the shared capacity (see CompartmentInterceptor). Routes
 * without it are placed by path (`compartmentForPath`).
 */
export const Compartment = (name: CompartmentName) => SetMetadata(COMPARTMENT_KEY, name);
