// e2e tests stop and start real processes; jest's 5 s default is for unit tests.
jest.setTimeout(60_000);
