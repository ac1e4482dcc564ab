/**
 * Not API: helpers the orderflow modules share (public only for that), which may change in any release without
 * notice. Do not use them from outside the project.
 */
package dev.orderflow.aws.internal;
