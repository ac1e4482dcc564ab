package dev.orderflow.lambda.wiring;

import dev.orderflow.lambda.internal.priming.PrimingClasses;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart readiness: work to do before the runtime takes the snapshot, so a restored function starts
 * warm — the object graph is built, the handler's parsing and rendering code has run once on a sample
 * event, the SDK clients exist. Primers must not touch the network (no AWS call is made before the
 * snapshot) and must not draw ids or other unique values that every restored copy would share.
 *
 * <p>After the primers, the classes a first event still loads after a restore are loaded too, once per container
 * ({@link PrimingClasses}): the classes of the request path the in-memory priming cannot reach (the real operations,
 * credentials, signing, the connection). docs/benchmarks.md, "SnapStart priming", has what it saves.
 *
 * <p>Without SnapStart (a plain JVM) registration is a no-op and primers never run.
 */
public final class Priming {
  /** The global CRaC context may hold resources weakly: keep them reachable for the container's life. */
  private static final List<Resource> REGISTERED = new CopyOnWriteArrayList<>();
  private static final AtomicBoolean CLASSES_LOADED = new AtomicBoolean();

  private Priming() {}

  /** Registers {@code primer} to run before a checkpoint. */
  public static Resource register(Runnable primer) {
    return register(new PrimingResource(primer, null));
  }

  /**
   * Registers {@code hook} to run after a restore from a snapshot, before the first invocation of the restored
   * container (e.g. to count that invocation as a cold start again).
   */
  public static Resource afterRestore(Runnable hook) {
    return register(new PrimingResource(null, hook));
  }

  private static Resource register(Resource resource) {
    REGISTERED.add(resource);
    Core.getGlobalContext().register(resource);
    return resource;
  }

  private static final class PrimingResource implements Resource {
    private final Runnable primer;
    private final Runnable restored;

    PrimingResource(Runnable primer, Runnable restored) {
      this.primer = primer;
      this.restored = restored;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
      if (primer != null) {
        primer.run();
        if (CLASSES_LOADED.compareAndSet(false, true)) {
          PrimingClasses.load(Priming.class.getClassLoader());
        }
      }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
      // Clients need no refresh: they resolve credentials and connections on first use after restore.
      if (restored != null) {
        restored.run();
      }
    }
  }
}
