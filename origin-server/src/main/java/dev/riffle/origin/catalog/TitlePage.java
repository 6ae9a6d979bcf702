package dev.riffle.origin.catalog;

import java.util.List;

/** One page of the catalogue. */
public record TitlePage(List<Title> items, int page, int size, long total) {
    public TitlePage {
        items = List.copyOf(items);
    }
}
