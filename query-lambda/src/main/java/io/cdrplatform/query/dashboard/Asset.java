package io.cdrplatform.query.dashboard;

/**
 * One file of the dashboard, held in memory: its bytes, a gzip copy when that is smaller, and an
 * entity tag derived from its content.
 *
 * @param name        the path below the asset prefix ({@code app.js}, {@code vendor/uPlot.esm.js})
 * @param gzipped     the gzip-compressed bytes, or null when compressing does not pay
 * @param etag        a quoted strong entity tag, the same for the same bytes
 */
public record Asset(String name, String contentType, byte[] bytes, byte[] gzipped, String etag) {

    public boolean compressible() {
        return gzipped != null;
    }
}
