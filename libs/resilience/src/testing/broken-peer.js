// A package that is installed but fails while loading (optional-peer.spec.ts).
require('./missing-inner-file');
