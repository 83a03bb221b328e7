/**
 * Files: NumPy {@code .npy}/{@code .npz} reading and writing ({@link org.theano4j.io.Npy},
 * {@link org.theano4j.io.Npz}) and saving and loading shared variables by name
 * ({@link org.theano4j.io.Models}); see {@code docs/io.md}. Public API.
 */
@LibraryPackage
package org.theano4j.io;

import org.theano4j.graph.LibraryPackage;
