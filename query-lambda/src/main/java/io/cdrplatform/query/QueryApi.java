package io.cdrplatform.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.query.campaigns.CampaignListJsonWriter;
import io.cdrplatform.query.campaigns.CampaignListRequest;
import io.cdrplatform.query.campaigns.CampaignListRequestReader;
import io.cdrplatform.query.campaigns.CampaignListService;
import io.cdrplatform.query.campaigns.RedisCampaignIndex;
import io.cdrplatform.query.cdrs.CdrCsvWriter;
import io.cdrplatform.query.cdrs.CdrJsonWriter;
import io.cdrplatform.query.cdrs.CdrListRequest;
import io.cdrplatform.query.cdrs.CdrListRequestReader;
import io.cdrplatform.query.cdrs.CdrRepository;
import io.cdrplatform.query.cdrs.CdrService;
import io.cdrplatform.store.callrecords.CdrView;
import io.cdrplatform.query.cdrs.PageCursor;
import io.cdrplatform.query.dashboard.AssetRequest;
import io.cdrplatform.query.dashboard.DashboardAssets;
import io.cdrplatform.query.dashboard.DashboardService;
import io.cdrplatform.query.failure.BadParameterException;
import io.cdrplatform.query.http.ApiRequest;
import io.cdrplatform.query.http.ApiResponse;
import io.cdrplatform.query.http.ErrorMapper;
import io.cdrplatform.query.http.Json;
import io.cdrplatform.query.http.MethodNotAllowedException;
import io.cdrplatform.query.http.Printable;
import io.cdrplatform.query.http.QueryParameters;
import io.cdrplatform.query.http.RouteNotFoundException;
import io.cdrplatform.query.live.LiveCounters;
import io.cdrplatform.query.live.LiveJsonWriter;
import io.cdrplatform.query.live.RedisLiveCounters;
import io.cdrplatform.query.stores.RedisReads;
import io.cdrplatform.query.stats.StatsJsonWriter;
import io.cdrplatform.query.stats.StatsRepository;
import io.cdrplatform.query.stats.StatsRequest;
import io.cdrplatform.query.stats.StatsRequestReader;
import io.cdrplatform.core.id.IdRule;
import io.cdrplatform.core.stats.CampaignStats;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP API of CONTRACT section 4, independent of its transport: routing, then for each route
 * reader (parameters) -> service -> writer, and one {@link ErrorMapper} for every failure. The
 * Lambda handler buffers the answer; cdr-local streams it.
 */
public final class QueryApi {

    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);
    private static final String ALLOWED = "GET";

    private final CdrService cdrs;
    private final StatsRepository stats;
    private final RedisLiveCounters live;
    private final CampaignListService campaigns;
    private final DashboardService dashboard;
    private final Clock clock;
    private final ErrorMapper errors = new ErrorMapper();

    public QueryApi(CdrService cdrs, StatsRepository stats, RedisLiveCounters live, CampaignListService campaigns,
                    DashboardService dashboard, Clock clock) {
        this.cdrs = cdrs;
        this.stats = stats;
        this.live = live;
        this.campaigns = campaigns;
        this.dashboard = dashboard;
        this.clock = clock;
    }

    /**
     * The API over one MongoDB database and one Redis. {@code redis} must carry its URI and
     * timeouts ({@link QueryConfig#redisClient()} builds one); {@code cursorSecret} signs page cursors.
     */
    public static QueryApi create(MongoDatabase database, RedisClient redis, String cursorSecret, Clock clock) {
        CdrService cdrs = new CdrService(new CdrRepository(database), new PageCursor(cursorSecret));
        RedisReads reads = new RedisReads(redis);
        RedisLiveCounters live = new RedisLiveCounters(reads);
        return new QueryApi(cdrs, new StatsRepository(database), live,
                new CampaignListService(new RedisCampaignIndex(reads), live),
                new DashboardService(DashboardAssets::load), clock);
    }

    public ErrorMapper errors() {
        return errors;
    }

    /** Answers one request; never throws (a failure is an error response). */
    public ApiResponse handle(ApiRequest request) {
        long started = clock.millis();
        ApiResponse response;
        try {
            response = route(request);
        } catch (RuntimeException e) {
            response = errors.toResponse(e);
        }
        LOG.atInfo()
                .addKeyValue("method", request.method())
                .addKeyValue("path", Printable.of(request.path()))
                .addKeyValue("status", response.status())
                .addKeyValue("durationMs", clock.millis() - started)
                .log("request answered");
        MDC.remove("campaignId");
        MDC.remove("callId");
        return response;
    }

    private ApiResponse route(ApiRequest request) {
        List<String> path = segments(request.path());
        if (path.size() == 3 && path.get(0).equals("campaigns") && Set.of("cdrs", "stats", "live").contains(path.get(2))) {
            requireGet(request);
            String campaignId = id("campaignId", path.get(1));
            MDC.put("campaignId", campaignId);
            return switch (path.get(2)) {
                case "cdrs" -> cdrs(campaignId, request);
                case "stats" -> stats(campaignId, request);
                default -> live(campaignId, request);
            };
        }
        if (path.size() == 1 && path.get(0).isEmpty()) {
            requireGet(request);
            return dashboard.answer(AssetRequest.page(request));
        }
        if (path.size() >= 2 && path.get(0).equals(DashboardAssets.PREFIX)) {
            requireGet(request);
            return dashboard.answer(AssetRequest.asset(request, path.subList(1, path.size())));
        }
        if (path.size() == 1 && path.get(0).equals("campaigns")) {
            requireGet(request);
            return campaignList(request);
        }
        if (path.size() == 2 && path.get(0).equals("calls")) {
            requireGet(request);
            String callId = id("callId", path.get(1));
            MDC.put("callId", callId);
            return call(callId, request);
        }
        throw new RouteNotFoundException("no route " + Printable.of(request.path())
                + "; routes are /campaigns, /campaigns/{campaignId}/cdrs, /campaigns/{campaignId}/stats, "
                + "/campaigns/{campaignId}/live, /calls/{callId} and the dashboard at /");
    }

    private ApiResponse cdrs(String campaignId, ApiRequest request) {
        CdrListRequest list = CdrListRequestReader.read(campaignId, request);
        if (list.csv()) {
            CdrRepository.CdrStream stream = cdrs.export(list.filter());
            return new ApiResponse(200, Map.of(
                    "Content-Type", ApiResponse.CSV,
                    "Content-Disposition", "attachment; filename=\"cdrs-" + campaignId.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\""),
                    out -> {
                        try (stream) {
                            CdrCsvWriter.write(stream, out);
                        }
                    });
        }
        CdrService.PageResult page = cdrs.page(list);
        return ApiResponse.json(200, out -> {
            try (JsonGenerator json = Json.generator(out)) {
                CdrJsonWriter.writePage(json, page.items(), page.nextCursor());
            }
        });
    }

    private ApiResponse stats(String campaignId, ApiRequest request) {
        StatsRequest statsRequest = StatsRequestReader.read(campaignId, request);
        CampaignStats answer = stats.stats(statsRequest);
        return ApiResponse.json(200, out -> {
            try (JsonGenerator json = Json.generator(out)) {
                StatsJsonWriter.write(json, campaignId, statsRequest.zone(), answer);
            }
        });
    }

    private ApiResponse live(String campaignId, ApiRequest request) {
        request.query().allowOnly(Set.of());
        LiveCounters counters = live.read(campaignId);
        return ApiResponse.json(200, out -> {
            try (JsonGenerator json = Json.generator(out)) {
                LiveJsonWriter.write(json, counters);
            }
        });
    }

    private ApiResponse campaignList(ApiRequest request) {
        CampaignListRequest list = CampaignListRequestReader.read(request, clock);
        CampaignListService.Page page = campaigns.page(list);
        return ApiResponse.json(200, out -> {
            try (JsonGenerator json = Json.generator(out)) {
                CampaignListJsonWriter.write(json, page);
            }
        });
    }

    private ApiResponse call(String callId, ApiRequest request) {
        request.query().allowOnly(Set.of());
        CdrView cdr = cdrs.call(callId);
        return ApiResponse.json(200, out -> {
            try (JsonGenerator json = Json.generator(out)) {
                CdrJsonWriter.write(json, cdr);
            }
        });
    }

    private static void requireGet(ApiRequest request) {
        if (!request.method().equals(ALLOWED)) {
            throw new MethodNotAllowedException(request.method(), ALLOWED);
        }
    }

    private static String id(String name, String value) {
        if (!IdRule.ID.matches(value)) {
            throw new BadParameterException(name, name + " '" + Printable.of(value)
                    + "' must be 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        return value;
    }

    /** Percent-decoded path segments; one trailing slash is ignored. */
    static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : trimmed.split("/", -1)) {
            segments.add(QueryParameters.decodePathSegment(segment));
        }
        return segments;
    }
}
