package io.cdrplatform.logger;

import io.cdrplatform.store.boundary.StoreBoundaryCheck;

/** The cdr-logger reads and writes the stores only through cdr-store (the rule: cdr-store's {@code StoreBoundary}). */
class StoreBoundaryTest extends StoreBoundaryCheck {

    @Override
    protected String productionPackage() {
        return "io.cdrplatform.logger";
    }
}
