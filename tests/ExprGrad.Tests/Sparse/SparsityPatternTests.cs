using System.Linq.Expressions;

namespace ExprGrad.Tests.Sparse;

/// <summary>Which entries the sparse drivers store: the pattern of the program, over every branch and iteration.</summary>
public class SparsityPatternTests
{
    /// <summary>The stored (row, column) entries.</summary>
    private static (int, int)[] Entries(CsrMatrix m) =>
        [.. Enumerable.Range(0, m.Rows).SelectMany(r => m.ColumnIndices[m.RowPointers[r]..m.RowPointers[r + 1]].Select(c => (r, c)))];

    [Fact]
    public void ANonzeroBehindAnUntakenBranchStaysInThePattern()
    {
        // At x₀ = 1 the branch reads x₁ only, but at x₀ = -1 it reads x₂: both columns are in the pattern,
        // and the untaken one holds 0. x₀ itself only decides the branch (no derivative).
        Expression<Func<double[], double[]>> f = x => new[] { x[0] > 0 ? x[1] * x[1] : x[2], x[3] };
        var jacobian = Grad.SparseJacobian(f)([1, 3, 5, 7]);
        Assert.Equal([(0, 1), (0, 2), (1, 3)], Entries(jacobian));
        Assert.Equal([6.0, 0.0, 1.0], jacobian.Values);
        Assert.Equal([0.0, 1.0, 1.0], Grad.SparseJacobian(f)([-1, 3, 5, 7]).Values);
    }

    [Fact]
    public void AnInteractionBehindAnUntakenBranchStaysInTheHessianPattern()
    {
        // x₀ > 0 takes x₁·x₂ (entries (1,2), (2,1)); otherwise x₀² (entry (0,0)); x₃ is linear (no entry).
        Expression<Func<double[], double>> f = x => (x[0] > 0 ? x[1] * x[2] : x[0] * x[0]) + x[3];
        var hessian = Grad.SparseHessian(f)([1, 3, 5, 7]);
        Assert.Equal([(0, 0), (1, 2), (2, 1)], Entries(hessian));
        Assert.Equal([0.0, 1.0, 1.0], hessian.Values);
    }

    [Fact]
    public void ABranchOnTheIndexIsDecided()
    {
        // i % 2 is known to the trace: even rows read x[i], odd rows x[i-1]; nothing else is stored.
        Expression<Func<double[], double[]>> f = x => Ops.Vector(x.Length, i => i % 2 == 0 ? Math.Sin(x[i]) : 2 * x[i - 1]);
        var jacobian = Grad.SparseJacobian(f)([0.0, 0.0, 0.0, 0.0]);
        Assert.Equal([(0, 0), (1, 0), (2, 2), (3, 2)], Entries(jacobian));
        Assert.Equal([1.0, 2.0, 1.0, 2.0], jacobian.Values);
    }

    [Fact]
    public void ClosureIndexDataIsReadAtEachCall()
    {
        var index = new[] { 0, 1 };
        Expression<Func<double[], double[]>> f = x => Ops.Vector(2, i => 3 * x[index[i]]);
        var jacobian = Grad.SparseJacobian(f);
        Assert.Equal([(0, 0), (1, 1)], Entries(jacobian([1, 1])));
        index[0] = 1;
        // The pattern depended on index: it is traced again, and row 0 now reads x₁.
        Assert.Equal([(0, 1), (1, 1)], Entries(jacobian([1, 1])));
        // A longer input is traced again too.
        Assert.Equal(3, jacobian([1, 1, 1]).Columns);
    }

    [Fact]
    public void AnImperativeLoopWithArrayWritesIsFollowed()
    {
        // y = new double[n]; for k < n: y[k] = x[k] · x[(k + 1) % n]; return y  — a cyclic bidiagonal pattern.
        var x = Expression.Parameter(typeof(double[]), "x");
        var y = Expression.Variable(typeof(double[]), "y");
        var k = Expression.Variable(typeof(int), "k");
        var end = Expression.Label("end");
        var n = Expression.ArrayLength(x);
        var body = Expression.Block([y, k],
            Expression.Assign(y, Expression.NewArrayBounds(typeof(double), n)),
            Expression.Assign(k, Expression.Constant(0)),
            Expression.Loop(Expression.IfThenElse(Expression.LessThan(k, n),
                Expression.Block(
                    Expression.Assign(Expression.ArrayAccess(y, k), Expression.Multiply(Expression.ArrayIndex(x, k),
                        Expression.ArrayIndex(x, Expression.Modulo(Expression.Add(k, Expression.Constant(1)), n)))),
                    Expression.PostIncrementAssign(k)),
                Expression.Break(end)), end),
            y);
        var f = Expression.Lambda<Func<double[], double[]>>(body, x);
        var jacobian = Grad.SparseJacobian(f)([1, 2, 3]);
        Assert.Equal([(0, 0), (0, 1), (1, 1), (1, 2), (2, 0), (2, 2)], Entries(jacobian));
        // ∂(x₀x₁)/∂x₀ = x₁ = 2, ∂/∂x₁ = x₀ = 1; row 1: 3, 2; row 2 (x₂x₀): x₂ = 3 at column 0, x₀ = 1 at column 2.
        Assert.Equal([2.0, 1.0, 3.0, 2.0, 3.0, 1.0], jacobian.Values);
    }

    [Fact]
    public void AnIndexComputedFromAValueFallsBackToTheDensePattern()
    {
        // Which element is read depends on x₀'s value: the trace cannot follow it, so every entry is stored.
        Expression<Func<double[], double[]>> f = x => new[] { x[(int)Math.Abs(x[0]) % 3] * 2, x[1] };
        var jacobian = Grad.SparseJacobian(f)([1.5, 1, 1]);
        Assert.Equal(6, jacobian.Values.Length);
        Assert.Equal(new double[,] { { 0, 2, 0 }, { 0, 1, 0 } }, jacobian.ToDense());
    }

    [Fact]
    public void AScanIsFollowedThroughItsStates()
    {
        // s₀ = x₀, s_{t+1} = s_t · x_{t+1}: the last state is x₀x₁x₂, every pair of them interacts; x₃ is not read.
        Expression<Func<double[], double>> f = x => Ops.Scan(2, x[0], (s, t) => s * x[t + 1])[2] + x[3];
        var hessian = Grad.SparseHessian(f)([1, 2, 3, 4]);
        Assert.Equal([(0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1)], Entries(hessian));
        // ∂²(x₀x₁x₂)/∂x₀∂x₁ = x₂ = 3, /∂x₀∂x₂ = x₁ = 2, /∂x₁∂x₂ = x₀ = 1.
        Assert.Equal([3.0, 2.0, 3.0, 1.0, 2.0, 1.0], hessian.Values);
    }

    [Fact]
    public void ReshapesAndTransposesMoveSinglePositions()
    {
        // x as a 2×3 matrix, transposed, flattened: output k reads one input — a permutation, not a dense block.
        // Reshape(x, 2, 3) = [[x0 x1 x2], [x3 x4 x5]]; its transpose flattened is x0 x3 x1 x4 x2 x5.
        Expression<Func<double[], double[]>> f = x => Ops.Flatten(Ops.Transpose(Ops.Reshape(x, 2, 3)));
        var jacobian = Grad.SparseJacobian(f)([1, 2, 3, 4, 5, 6]);
        Assert.Equal([(0, 0), (1, 3), (2, 1), (3, 4), (4, 2), (5, 5)], Entries(jacobian));
        Assert.All(jacobian.Values, v => Assert.Equal(1.0, v));
    }

    [Fact]
    public void AnOpaquePrimitiveWidensToAllItsInputs()
    {
        // MatMul is opaque to the trace: every output may depend on every input of both factors (here the exact
        // pattern is dense too: each entry of X² reads a row and a column that together cover x).
        Expression<Func<double[], double[]>> f = x => Ops.Flatten(Ops.MatMul(Ops.Reshape(x, 2, 2), Ops.Reshape(x, 2, 2)));
        var x = new[] { 1.0, 2, 3, 4 };
        var jacobian = Grad.SparseJacobian(f)(x);
        Assert.Equal(16, jacobian.Values.Length);
        Assert.Equal(Grad.Jacobian(f)(x), jacobian.ToDense());
    }
}
