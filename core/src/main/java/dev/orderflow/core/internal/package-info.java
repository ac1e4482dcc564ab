/**
 * Helpers the project's own modules share; not API. Public only so that the adapters can use them; they may
 * change in any release without notice.
 */
package dev.orderflow.core.internal;
