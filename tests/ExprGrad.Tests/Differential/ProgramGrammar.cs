using System.Globalization;
using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;

namespace ExprGrad.Tests.Differential;

/// <summary>The type of one parameter of a generated program.</summary>
public enum ParameterKind
{
    /// <summary><c>double</c>.</summary>
    Scalar,
    /// <summary><c>double[]</c> of the program's length L.</summary>
    Vector,
    /// <summary><c>double[,]</c> of size L×L.</summary>
    Matrix,
}

/// <summary>
/// A scalar term of a generated program. Terms do not name variables: a term reads the "atoms" in scope
/// (parameters, elements at the current loop index, let-bound values, loop states…) by position, resolved
/// when the program is rendered. So any sub-term is a valid program wherever it is moved, which is what
/// makes shrinking by "replace a node by one of its children" always produce a well-formed program.
/// </summary>
public abstract record Term;

/// <summary>A scalar tree from <see cref="ExpressionTrees"/>; its coordinate x[k] reads atom (k + Offset) mod count.</summary>
public sealed record Kernel(Expression<Func<double[], double>> Tree, int Offset) : Term
{
    /// <inheritdoc/>
    public override string ToString() => $"Kernel({Tree.Body}, +{Offset})";
}

/// <summary>Left op Right, op one of +, −, ·.</summary>
public sealed record Combine(ExpressionType Op, Term Left, Term Right) : Term;

/// <summary><c>Test &gt; 0 ? IfPositive : Otherwise</c>, around or inside loops.</summary>
public sealed record Branch(Term Test, Term IfPositive, Term Otherwise) : Term;

/// <summary>The surface forms of a sum users write.</summary>
public enum SumForm
{
    /// <summary><c>Ops.Sum(L, i =&gt; …)</c>.</summary>
    OpsSum,
    /// <summary><c>Ops.Sum(xs.Length, i =&gt; …)</c> over the length of an array.</summary>
    OpsSumOverLength,
    /// <summary><c>Enumerable.Range(0, L).Sum(i =&gt; …)</c>.</summary>
    RangeSum,
    /// <summary><c>Enumerable.Range(1, L).Sum(i =&gt; … xs[i − 1] …)</c>.</summary>
    RangeSumFromOne,
    /// <summary><c>xs.Sum(v =&gt; …)</c> over a double[].</summary>
    ArraySum,
    /// <summary><c>xs.Select(v =&gt; …).Sum()</c>.</summary>
    SelectSum,
}

/// <summary>A sum of Body over L indices (or the elements of a vector), optionally divided by L.</summary>
/// <param name="Source">Which vector the LINQ forms and OverLength iterate (a parameter or the closure's data).</param>
public sealed record Sum(SumForm Form, int Source, Term Body, bool DividedByCount) : Term;

/// <summary><c>Ops.Let(Value, v =&gt; Body)</c>; Body sees v as its first atom.</summary>
public sealed record Let(Term Value, Term Body) : Term;

/// <summary>
/// <c>Ops.Scan(L, Initial, (s, t) =&gt; Step)</c>, or with <c>checkpointEvery: CheckpointEvery</c> when that is set, then
/// its last state or the sum of its states: <c>Enumerable.Sum(states)</c> (the whole array), or with
/// <paramref name="ByIndex"/> <c>Let(states, xs =&gt; Ops.Sum(L + 1, i =&gt; xs[i]))</c> (each state by index).
/// </summary>
public sealed record Scan(Term Initial, Term Step, bool SumOfStates, int? CheckpointEvery = null, bool ByIndex = false) : Term;

/// <summary>
/// <c>Ops.Scan(L, xs, (h, t) =&gt; Ops.Vector(L, j =&gt; Step))</c> over a vector state starting at the
/// <paramref name="Source"/> vector, with <c>checkpointEvery: CheckpointEvery</c> when that is set. Step sees hⱼ, h_{(j+1) mod L},
/// t, then the loop's atoms at j. Then Σⱼ of the last state, or with <paramref name="EachState"/>
/// <c>Let(states, hs =&gt; Ops.Sum(L + 1, s =&gt; hs[s][s % L]))</c> (each state read by index).
/// </summary>
public sealed record VectorScan(int Source, Term Step, bool EachState, int? CheckpointEvery = null) : Term;

/// <summary>The LINQ reductions over a double[] besides sums.</summary>
public enum LinqForm
{
    /// <summary><c>xs.Average(v =&gt; …)</c>.</summary>
    Average,
    /// <summary><c>Enumerable.Range(0, L).Average(i =&gt; …)</c>.</summary>
    RangeAverage,
    /// <summary><c>xs.Max(v =&gt; …)</c>.</summary>
    Max,
    /// <summary><c>xs.Min(v =&gt; …)</c>.</summary>
    Min,
    /// <summary><c>xs.Zip(ys, (a, b) =&gt; …).Sum()</c>, ys the next source.</summary>
    ZipSum,
    /// <summary><c>xs.Aggregate(Scale, (acc, v) =&gt; …)</c>, the closure's scale as the seed.</summary>
    Aggregate,
    /// <summary><c>xs.Aggregate((acc, v) =&gt; …)</c>, the first element as the seed.</summary>
    AggregateFromFirst,
}

/// <summary>A LINQ reduction (<see cref="LinqForm"/>) of the <paramref name="Source"/> vector; Body sees the element (for
/// Zip the two elements, for Aggregate the accumulator and then the element) first, or in a range the loop's atoms.</summary>
public sealed record Linq(LinqForm Form, int Source, Term Body) : Term;

/// <summary>Imperative <c>Expression.Block</c>/<c>Loop</c> shapes (see Imperative/ImperativeTreeTests.cs).</summary>
public enum ImperativeForm
{
    /// <summary><c>acc = First; for (i = 0; i &lt; L; i++) acc += Second(acc, i);</c> (loop with break).</summary>
    ForAccumulate,
    /// <summary><c>s = First; k = L − 1; while (k ≥ 0) { s = Second(s, k); k--; }</c> (Horner shape).</summary>
    WhileRecurrence,
    /// <summary><c>y = new double[L]; for i: y[i] = First(i); acc = 0; for i: acc += Second(y[i], i);</c></summary>
    LocalArray,
    /// <summary>As <see cref="ForAccumulate"/> with <c>acc -= …</c>.</summary>
    ForSubtractAssign,
    /// <summary>As <see cref="ForAccumulate"/> with <c>acc *= …</c> (forward mode once left its tangent stale).</summary>
    ForMultiplyAssign,
    /// <summary>As <see cref="ForAccumulate"/> with <c>acc /= …</c>.</summary>
    ForDivideAssign,
    /// <summary><c>acc = First; i = 2(L − 1); while (i ≥ 0) { acc += Second(acc, i / 2); i -= 2; }</c>: an index stepping
    /// down by 2 and read as data, which the backward pass recomputes from the iteration number.</summary>
    ForStrideDown,
    /// <summary><c>y = new double[L]; for i: if (i % 2 == 0) y[i] = First(i); acc = 0; for i: acc += Second(y[i], i);</c>: a
    /// write inside an if, the odd elements left zero (written in place, <see cref="GradientOptions.WriteArraysInPlace"/>).</summary>
    LocalArrayInIf,
    /// <summary><c>y = new double[L]; for i: y[i] = First(i); twice: { z = new double[L]; for i: z[i] = Second(y[i], i); y = z; }</c>,
    /// z declared outside the steps; then Σ y[i]: array state with a fresh array per step (<see cref="ArrayVersions"/>).</summary>
    ArrayStateFreshPerStep,
    /// <summary>As <see cref="ArrayStateFreshPerStep"/> with one temporary z for all steps: <c>for i: z[i] = Second(y[i], i);
    /// for i: y[i] = z[i];</c> (each step a fresh version of both).</summary>
    ArrayStateCopiedBack,
    /// <summary>As <see cref="LocalArray"/>, written through a second name: <c>y = new double[L]; b = y; for i: b[i] = First(i);</c>
    /// then read through y (<see cref="ArrayAliases"/>: b is y).</summary>
    LocalArrayAlias,
    /// <summary>As <see cref="LocalArray"/> into the closure's <c>Scratch</c> array, a captured array the function writes
    /// (<see cref="ArrayAliases"/>: its own copy, read at each call).</summary>
    CapturedArrayWritten,
    /// <summary>Into the first vector parameter v, restored at the end so the block changes nothing outside it:
    /// <c>t = copy of v; for i: v[i] = First(i); acc = Σ Second(v[i], i); for i: v[i] = t[i];</c> (First(i) reads the
    /// elements before i as written). Without a vector parameter, <see cref="LocalArray"/>.</summary>
    ParameterWritten,
    /// <summary><c>acc = First; try { acc = Second(acc); if (acc &gt; 0) throw …; acc = acc · acc; return acc; } catch { return acc − 1; }</c>:
    /// a try region whose body writes, then throws at a point the value decides (issue 15).</summary>
    TryWritesThenThrows,
}

/// <summary>An imperative block over two sub-terms.</summary>
public sealed record Imperative(ImperativeForm Form, Term First, Term Second) : Term;

/// <summary><c>Ops.StopGradient(Value)</c>: the oracles' unrolled form holds it constant at the program's point.</summary>
public sealed record Stop(Term Value) : Term;

/// <summary>How a tensor becomes a scalar.</summary>
public enum Reduction
{
    /// <summary><c>Ops.Sum(t)</c>.</summary>
    Sum,
    /// <summary><c>Ops.SumOfSquares(t)</c>.</summary>
    SumOfSquares,
    /// <summary><c>Ops.Dot(t, other)</c>.</summary>
    Dot,
    /// <summary><c>Ops.Mean(t)</c>.</summary>
    Mean,
    /// <summary><c>Ops.Max(t)</c>.</summary>
    Max,
    /// <summary><c>Ops.Min(t)</c>.</summary>
    Min,
    /// <summary><c>Ops.LogSumExp(t)</c>, t a vector.</summary>
    LogSumExp,
    /// <summary><c>Ops.BinaryCrossEntropyWithLogits(t, other)</c>, vectors.</summary>
    BinaryCrossEntropy,
    /// <summary><c>Ops.CrossEntropy(t, labels)</c>, t a matrix, label i = (2i + 1) mod L.</summary>
    CrossEntropy,
    /// <summary><c>Ops.Trace(t)</c>, t a matrix.</summary>
    Trace,
    /// <summary><c>Ops.LogDeterminant(S)</c> of the positive-definite S = tanh(t)·tanh(t)ᵀ + L·I, t a matrix.</summary>
    LogDeterminant,
}

/// <summary>A reduction of tensor expressions (matrix and vector Ops).</summary>
public sealed record Reduce(Reduction Kind, Tensor Tensor, Tensor Other) : Term;

/// <summary>A vector (rank 1, length L) or matrix (rank 2, L×L) expression built from Ops.</summary>
public abstract record Tensor(int Rank);

/// <summary>The surface forms of a vector built by an index loop.</summary>
public enum VectorForm
{
    /// <summary><c>Ops.Vector(L, i =&gt; …)</c>.</summary>
    OpsVector,
    /// <summary><c>Enumerable.Range(0, L).Select(i =&gt; …).ToArray()</c>.</summary>
    RangeSelect,
    /// <summary><c>xs.Select(v =&gt; …).ToArray()</c> over a double[].</summary>
    ArraySelect,
}

/// <summary>
/// A vector of length L from an index loop (<see cref="VectorForm"/>). In the index forms Body sees first the element
/// after i of the <paramref name="Source"/> vector, wrapping around (<c>xs[(i + 1) % L]</c>: a read at a computed
/// index, as a stencil makes), then the loop's atoms at i; in <see cref="VectorForm.ArraySelect"/> it sees the element.
/// </summary>
public sealed record VectorTensor(VectorForm Form, int Source, Term Body) : Tensor(1);

/// <summary>A parameter of this rank (Pick modulo their count), or the closure's captured data.</summary>
public sealed record TensorSource(int Rank, int Pick) : Tensor(Rank);

/// <summary><c>Ops.Sigmoid/Tanh/Exp/Relu(A)</c>.</summary>
public sealed record Elementwise(string Op, Tensor A) : Tensor(A.Rank);

/// <summary><c>Ops.Map(A, v =&gt; Body)</c>; Body sees v first, then the outer atoms.</summary>
public sealed record MapTensor(Tensor A, Kernel Body) : Tensor(A.Rank);

/// <summary><c>Ops.Add/Subtract/Multiply(A, B)</c>, elementwise, same rank.</summary>
public sealed record TensorBinary(string Op, Tensor A, Tensor B) : Tensor(A.Rank);

/// <summary><c>Ops.Scale(Factor, A)</c>.</summary>
public sealed record ScaleTensor(Term Factor, Tensor A) : Tensor(A.Rank);

/// <summary><c>Ops.MatMul(A, B)</c>: A a matrix, B a matrix or a vector.</summary>
public sealed record MatMul(Tensor A, Tensor B) : Tensor(B.Rank);

/// <summary><c>Ops.AddRow(Matrix, Row)</c> (bias broadcast).</summary>
public sealed record AddRow(Tensor Matrix, Tensor Row) : Tensor(2);

/// <summary><c>Ops.Transpose(A)</c>.</summary>
public sealed record Transpose(Tensor A) : Tensor(2);

/// <summary><c>Ops.LeakyRelu(A, Slope)</c>.</summary>
public sealed record LeakyRelu(Tensor A, Term Slope) : Tensor(A.Rank);

/// <summary><c>Ops.Pow(A, Exponent)</c> with a constant exponent 0–3 (0 and 1 are the conventions' special cases).</summary>
public sealed record Power(Tensor A, int Exponent) : Tensor(A.Rank);

/// <summary><c>Ops.StopGradient(A)</c>: the oracles' unrolled form holds its elements constant at the program's point.</summary>
public sealed record StopTensor(Tensor A) : Tensor(A.Rank);

/// <summary><c>Ops.Add(A, S)</c>: a scalar added to every element.</summary>
public sealed record AddScalar(Tensor A, Term S) : Tensor(A.Rank);

/// <summary><c>Ops.Softmax/LogSoftmax(A)</c>, per row of a matrix.</summary>
public sealed record SoftmaxTensor(string Op, Tensor A) : Tensor(A.Rank);

/// <summary><c>Ops.AddColumn/ScaleRows(Matrix, Column)</c>: one value of Column per row.</summary>
public sealed record PerRow(string Op, Tensor Matrix, Tensor Column) : Tensor(2);

/// <summary><c>Ops.SumRows/MeanRows/MaxRows/SumColumns/LogSumExp/Diagonal(Matrix)</c>: a vector of length L.</summary>
public sealed record RowReduce(string Op, Tensor Matrix) : Tensor(1);

/// <summary><c>Ops.Row(Matrix, Index)</c> or <c>Ops.Column(Matrix, Index)</c>, Index taken modulo L.</summary>
public sealed record Pick(bool Column, Tensor Matrix, int Index) : Tensor(1);

/// <summary>
/// <c>Ops.LogGamma/Digamma/Trigamma/Erf/Erfc/NormalCdf/LogNormalCdf/Log1pExp/Log1mExp/Logit/InvLogit(A)</c>, A first mapped
/// into the function's domain with Ops (<c>A∘A + ½</c> for the Γ family, its negative for Log1mExp, <c>0.8σ(A) + 0.1</c> for Logit).
/// </summary>
public sealed record SpecialTensor(string Op, Tensor A) : Tensor(A.Rank);

/// <summary><c>Ops.LogBeta(10σ(A) + ½, 10σ(B) + ½)</c> or <c>Ops.LogSumExp(A, B)</c>, element by element.</summary>
public sealed record SpecialPair(string Op, Tensor A, Tensor B) : Tensor(A.Rank);

/// <summary><c>Ops.Cholesky(tanh(A)·tanh(A)ᵀ + L·I)</c> (positive-definite) or <c>Ops.Inverse(tanh(A) + (L + 1)·I)</c>
/// (diagonally dominant): well-conditioned by construction, whatever A holds.</summary>
public sealed record Factor(string Op, Tensor A) : Tensor(2);

/// <summary><c>Ops.Solve/SolveLower/SolveUpper(tanh(A) + (L + 1)·I, B)</c>, B a vector or a matrix; a triangular solve reads
/// one triangle, so the other gets no gradient.</summary>
public sealed record Solved(string Op, Tensor A, Tensor B) : Tensor(B.Rank);

/// <summary>
/// A generated program: its parameters, the common length L of its vectors (matrices are L×L), its body,
/// and a pool of values from which the arguments and the closure's data are drawn in order (so shrinking
/// L or dropping a parameter keeps the remaining values).
/// </summary>
public sealed record ProgramSpec(ParameterKind[] Parameters, int Length, Term Body, double[] Values)
{
    /// <summary>A coarse class for counting: the parameter types and the outermost construct.</summary>
    public string Shape
    {
        get
        {
            var kinds = Parameters.Distinct().ToArray();
            string types = kinds.Length > 1 ? "mixed" : kinds[0] switch
            {
                ParameterKind.Scalar => "scalars",
                ParameterKind.Vector => "vectors",
                _ => "matrices",
            };
            string construct = Body switch
            {
                Sum s => $"Sum.{s.Form}{(s.DividedByCount ? "/N" : "")}",
                Imperative i => $"Imperative.{i.Form}",
                Scan s => (s.SumOfStates ? s.ByIndex ? "Scan.EachState" : "Scan.SumOfStates" : "Scan.Last") + (s.CheckpointEvery is null ? "" : ".Checkpointed"),
                Reduce => "Tensor",
                _ => Body.GetType().Name,
            };
            return $"{types}/{construct}";
        }
    }

    /// <summary>The rendered program, its arguments and the closure's data: paste-able into a test.</summary>
    public override string ToString()
    {
        var p = ProgramRenderer.Render(this);
        return $"{p.Function}\n  arguments: {string.Join(", ", p.Arguments.Select(Show))}\n" +
               $"  closure: Data = {Show(p.Closure.Data)}, Matrix = {Show(p.Closure.Matrix)}, Scale = {Show(p.Closure.Scale)}\n" +
               $"  L = {Length}, spec: {Body}";
    }

    /// <summary>An argument as C#-like text that round-trips.</summary>
    public static string Show(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        double[] v => FiniteDifferences.Show(v),
        double[,] m => "[" + string.Join("; ", Enumerable.Range(0, m.GetLength(0)).Select(r =>
            string.Join(", ", Enumerable.Range(0, m.GetLength(1)).Select(c => m[r, c].ToString("R", CultureInfo.InvariantCulture))))) + "]",
        _ => value?.ToString() ?? "null",
    };
}
