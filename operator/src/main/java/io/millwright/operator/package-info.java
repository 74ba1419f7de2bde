/**
 * The Kubernetes operator (role {@code operator}): a {@code Site} resource becomes the site's role
 * workloads and a {@code Machine} resource a connector pod. Desired resources are computed by pure
 * functions ({@link io.millwright.operator.site.SiteResources}) that both the reconcilers and
 * {@code millwright operator render} use, then applied with server-side apply.
 */
package io.millwright.operator;
