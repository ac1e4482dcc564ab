package dev.orderflow.local;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parses and validates each distinct query text once: clients send the same few operations with different
 * variables. Least recently used texts beyond {@code capacity} are forgotten; invalid documents are not kept.
 */
final class DocumentCache implements PreparsedDocumentProvider {
  private final Map<String, PreparsedDocumentEntry> documents;

  DocumentCache(int capacity) {
    this.documents = new LinkedHashMap<>(capacity, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
      Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    PreparsedDocumentEntry entry;
    synchronized (documents) {
      entry = documents.get(input.getQuery());
    }
    if (entry == null) {
      entry = parseAndValidate.apply(input);
      if (!entry.hasErrors()) {
        synchronized (documents) {
          documents.put(input.getQuery(), entry);
        }
      }
    }
    return CompletableFuture.completedFuture(entry);
  }
}
