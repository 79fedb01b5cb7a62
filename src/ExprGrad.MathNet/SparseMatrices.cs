using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace ExprGrad.MathNet;

/// <summary>ExprGrad's sparse derivatives (<see cref="Grad.SparseJacobian"/>, <see cref="Grad.SparseHessian"/>) as
/// Math.NET's sparse matrices, for its solvers and matrix algebra.</summary>
public static class SparseMatrices
{
    /// <summary>
    /// The same matrix as a Math.NET <see cref="SparseMatrix"/>, stored in compressed rows as well, on copies of the
    /// arrays: neither matrix sees later changes to the other. Entries of the pattern that hold 0 at this point are
    /// passed on as stored entries.
    /// </summary>
    /// <param name="matrix">The matrix in compressed rows.</param>
    /// <returns>A <see cref="SparseMatrix"/> of <see cref="CsrMatrix.Rows"/> × <see cref="CsrMatrix.Columns"/> with the same entries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    public static SparseMatrix ToSparseMatrix(this CsrMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return (SparseMatrix)Matrix<double>.Build.SparseFromCompressedSparseRowFormat(matrix.Rows, matrix.Columns, matrix.Values.Length,
            (int[])matrix.RowPointers.Clone(), (int[])matrix.ColumnIndices.Clone(), (double[])matrix.Values.Clone());
    }
}
