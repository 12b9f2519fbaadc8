package io.cdrplatform.query.cdrs;

import io.cdrplatform.store.callrecords.CdrView;
import io.cdrplatform.query.failure.NotFoundException;
import java.util.List;

/** Pages, exports and single CDRs: the cursor is checked and issued here, the queries run in {@link CdrRepository}. */
public final class CdrService {

    private final CdrRepository repository;
    private final PageCursor cursors;

    public CdrService(CdrRepository repository, PageCursor cursors) {
        this.repository = repository;
        this.cursors = cursors;
    }

    /** One page and the cursor of the next one (null on the last page). */
    public record PageResult(List<CdrView> items, String nextCursor) {
    }

    public PageResult page(CdrListRequest request) {
        PageCursor.Position after = request.cursor() == null ? null : cursors.decode(request.cursor(), request.filter());
        CdrRepository.CdrPage page = repository.page(request.filter(), after, request.limit());
        String next = page.next() == null ? null : cursors.encode(page.next(), request.filter());
        return new PageResult(page.items(), next);
    }

    /** Every match, newest first, from an open cursor the caller must close. */
    public CdrRepository.CdrStream export(CdrFilter filter) {
        return repository.stream(filter);
    }

    public CdrView call(String callId) {
        return repository.findByCallId(callId)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.CALL, "no CDR with callId " + callId));
    }
}
