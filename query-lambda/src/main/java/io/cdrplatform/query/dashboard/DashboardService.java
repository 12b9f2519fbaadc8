package io.cdrplatform.query.dashboard;

import io.cdrplatform.query.http.ApiResponse;
import io.cdrplatform.query.http.NotFoundException;
import io.cdrplatform.query.http.Printable;

/** Finds the page or asset a request names and answers it with {@link DashboardResponses}. */
public final class DashboardService {

    private final DashboardAssets assets;

    public DashboardService(DashboardAssets assets) {
        this.assets = assets;
    }

    public ApiResponse answer(AssetRequest request) {
        if (request.isPage()) {
            return DashboardResponses.write(assets.page(), request, true);
        }
        Asset asset = assets.asset(request.name()).orElseThrow(() -> new NotFoundException("asset_not_found",
                "no dashboard file '" + Printable.of(request.name()) + "'"));
        return DashboardResponses.write(asset, request, assets.version().equals(request.version()));
    }
}
