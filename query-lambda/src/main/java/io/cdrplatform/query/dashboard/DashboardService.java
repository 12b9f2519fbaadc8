package io.cdrplatform.query.dashboard;

import io.cdrplatform.query.http.ApiResponse;
import io.cdrplatform.query.failure.NotFoundException;
import io.cdrplatform.query.http.Printable;
import java.util.function.Supplier;

/**
 * Finds the page or asset a request names and answers it with {@link DashboardResponses}. The files
 * are loaded (read, hashed, gzipped: some 100 ms cold) on the first dashboard request rather than at
 * start, so neither a Lambda cold start nor cdr-local's start pays for a page nobody opened.
 */
public final class DashboardService {

    private final Supplier<DashboardAssets> loader;
    private volatile DashboardAssets loaded;

    public DashboardService(Supplier<DashboardAssets> loader) {
        this.loader = loader;
    }

    private DashboardAssets assets() {
        DashboardAssets assets = loaded;
        if (assets == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = loader.get();
                }
                assets = loaded;
            }
        }
        return assets;
    }

    public ApiResponse answer(AssetRequest request) {
        DashboardAssets assets = assets();
        if (request.isPage()) {
            return DashboardResponses.write(assets.page(), request, true);
        }
        Asset asset = assets.asset(request.name()).orElseThrow(() -> new NotFoundException(NotFoundException.Subject.DASHBOARD_FILE,
                "no dashboard file '" + Printable.of(request.name()) + "'"));
        return DashboardResponses.write(asset, request, assets.version().equals(request.version()));
    }
}
