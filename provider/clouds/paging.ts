// Following a listing's pages, for both clouds: a service that hands back a page token it already
// gave (a faulty proxy, an emulator, a bug) would make a paging loop ask for the same page forever.
import { ResponseShapeError } from "../shared/errors";

/** More pages than any organization's listing needs (AWS allows at most 10,000 accounts, 20 a page). */
export const MAX_PAGES = 10_000;

export interface Page<T> {
    items: T[];
    /** The token of the next page; null or undefined after the last page. */
    next: string | null | undefined;
}

/**
 * Every item of a listing, page by page, sending each page's token for the next. A token the
 * service already gave, or more than `maxPages` pages, ends the listing with an error naming the
 * call, after no more than one request per distinct token.
 */
export async function* pagedItems<T>(
    operation: string,
    fetchPage: (token: string | undefined) => Promise<Page<T>>,
    options: { tokenName?: string; maxPages?: number } = {},
): AsyncGenerator<T> {
    const tokenName = options.tokenName ?? "page token";
    const maxPages = options.maxPages ?? MAX_PAGES;
    const seen = new Set<string>();
    let token: string | undefined;
    for (let page = 1; ; page++) {
        const answer = await fetchPage(token);
        yield* answer.items;
        token = answer.next ?? undefined;
        if (token === undefined || token === "") return;
        if (seen.has(token)) {
            throw new ResponseShapeError(
                operation,
                `page ${page} handed back the ${tokenName} ${JSON.stringify(token)} it had already given; the listing was stopped instead of asking for the same page again. The endpoint does not page as the service does: check that it is the cloud's (or a faithful emulator's)`,
            );
        }
        if (page >= maxPages) {
            throw new ResponseShapeError(operation, `still handing out a ${tokenName} after ${maxPages} pages; the listing was stopped instead of paging forever`);
        }
        seen.add(token);
    }
}
