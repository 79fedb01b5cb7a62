using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using FsCheck;
using FsCheck.Fluent;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// FsCheck generators of <see cref="ProgramSpec"/>s in every shape users write, size-bounded (FsCheck's size
/// sets the nesting depth of constructs, 0–3; scalar bodies come from <see cref="ExpressionTrees"/>, whose
/// leaves respect each function's domain), and the matching shrinker (<see cref="ProgramShrinker"/>).
/// </summary>
public static class ProgramGenerators
{
    /// <summary>The deepest nesting of constructs (sums, lets, scans, loops, tensors) around kernels.</summary>
    public const int MaxDepth = 3;

    private static readonly Gen<Term>[] Terms = BuildTerms();

    /// <summary>Programs; depth grows with FsCheck's size.</summary>
    public static Gen<ProgramSpec> Programs { get; } =
        from parameterCount in Gen.Choose(1, 4)
        from parameters in Gen.ArrayOf(Gen.Frequency(
            (4, Gen.Constant(ParameterKind.Scalar)), (3, Gen.Constant(ParameterKind.Vector)), (2, Gen.Constant(ParameterKind.Matrix))), parameterCount)
        from length in Gen.Choose(1, 3)
        from body in Gen.Sized(size => Terms[Math.Clamp(size / 25, 1, MaxDepth)])
        from values in ExpressionTrees.Points(64)
        select new ProgramSpec(parameters, length, body, values);

    /// <summary>Generator and shrinker together, for <c>Prop.ForAll</c>.</summary>
    public static Arbitrary<ProgramSpec> Arbitrary() => Arb.From(Programs, ProgramShrinker.Shrink);

    /// <summary><paramref name="count"/> programs from a fixed seed, sizes cycling through 0–99.</summary>
    public static IEnumerable<ProgramSpec> Sample(int seed, int count)
    {
        // Gen.Sample draws every program at one size; cycling sizes mixes shallow and deep programs.
        const int batch = 100;
        for (int done = 0, round = 0; done < count; done += batch, round++)
            foreach (var p in Gen.Sample(Programs, Math.Min(batch, count - done), new Rnd((ulong)seed, (ulong)(2 * round + 1)), 10 + (round * 37) % 90))
                yield return p;
    }

    private static Gen<Term>[] BuildTerms()
    {
        var levels = new Gen<Term>[MaxDepth + 1];
        levels[0] = Kernels();
        for (int d = 1; d <= MaxDepth; d++) levels[d] = Level(levels[d - 1], d);
        return levels;
    }

    /// <summary>Scalar trees of depth 1–2 over up to 4 atoms, as the bodies of every construct.</summary>
    private static Gen<Term> Kernels() => KernelsOf(ExpressionTrees.MaxArity).Select(k => (Term)k);

    private static Gen<Kernel> KernelsOf(int maxArity) =>
        from arity in Gen.Choose(1, maxArity)
        from tree in Gen.Resize(ExpressionTrees.Trees(arity), 20)
        from offset in Gen.Choose(0, 3)
        select new Kernel(tree, offset);

    private static Gen<Term> Level(Gen<Term> s, int depth) => Gen.Frequency(
        (3, Kernels()),
        (2, from op in Gen.Elements(ExpressionType.Add, ExpressionType.Subtract, ExpressionType.Multiply)
            from l in s
            from r in s
            select (Term)new Combine(op, l, r)),
        (2, from t in Kernels()
            from a in s
            from b in s
            select (Term)new Branch(t, a, b)),
        (6, from form in Gen.Elements(Enum.GetValues<SumForm>())
            from source in Gen.Choose(0, 3)
            from body in s
            from divided in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            select (Term)new Sum(form, source, body, divided)),
        (2, from v in s
            from b in s
            select (Term)new Let(v, b)),
        (2, from i in Kernels()
            from step in s
            from sumOfStates in Gen.Elements(false, true)
            from byIndex in Gen.Elements(false, true)
            // L is 1–3: k = 1–4 covers k = 1, k = L, k > L and k not dividing L; 0 chooses k itself.
            from every in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Constant<int?>(0)), (2, Gen.Choose(1, 4).Select(k => (int?)k)))
            select (Term)new Scan(i, step, sumOfStates, every, byIndex)),
        (2, from source in Gen.Choose(0, 3)
            from step in s
            from eachState in Gen.Elements(false, true)
            from every in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Constant<int?>(0)), (2, Gen.Choose(1, 4).Select(k => (int?)k)))
            select (Term)new VectorScan(source, step, eachState, every)),
        (2, from form in Gen.Elements(Enum.GetValues<LinqForm>())
            from source in Gen.Choose(0, 3)
            from body in s
            select (Term)new Linq(form, source, body)),
        (2, from form in Gen.Elements(Enum.GetValues<ImperativeForm>())
            from first in s
            from second in s
            select (Term)new Imperative(form, first, second)),
        (3, from rank in Gen.Elements(1, 2)
            from kind in Gen.Elements(rank == 1 ? VectorReductions : MatrixReductions)
            from a in Tensors(rank, depth, s)
            from b in Tensors(rank, depth - 1, s)
            select (Term)new Reduce(kind, a, b)),
        (1, s.Select(v => (Term)new Stop(v))));

    private static readonly Reduction[] VectorReductions =
        [.. Enum.GetValues<Reduction>().Where(r => r is not (Reduction.CrossEntropy or Reduction.Trace or Reduction.LogDeterminant))];

    private static readonly Reduction[] MatrixReductions =
        [.. Enum.GetValues<Reduction>().Where(r => r is not (Reduction.LogSumExp or Reduction.BinaryCrossEntropy))];

    private static Gen<Tensor> Tensors(int rank, int depth, Gen<Term> scalars)
    {
        var source = Gen.Choose(0, 3).Select(p => (Tensor)new TensorSource(rank, p));
        if (depth <= 0) return source;
        var same = Tensors(rank, depth - 1, scalars);
        var matrix = Tensors(2, depth - 1, scalars);
        var options = new List<(int, Gen<Tensor>)>
        {
            (3, source),
            (2, from op in Gen.Elements(nameof(Ops.Sigmoid), nameof(Ops.Tanh), nameof(Ops.Exp), nameof(Ops.Relu))
                from a in same
                select (Tensor)new Elementwise(op, a)),
            (1, from a in same from k in KernelsOf(2) select (Tensor)new MapTensor(a, k)),
            (2, from op in Gen.Elements(nameof(Ops.Add), nameof(Ops.Subtract), nameof(Ops.Multiply))
                from a in same
                from b in same
                select (Tensor)new TensorBinary(op, a, b)),
            (1, from f in Kernels() from a in same select (Tensor)new ScaleTensor(f, a)),
            (2, from a in matrix from b in same select (Tensor)new MatMul(a, b)),
        };
        if (rank == 1)
            options.Add((2, from form in Gen.Elements(Enum.GetValues<VectorForm>())
                            from pick in Gen.Choose(0, 3)
                            from body in scalars
                            select (Tensor)new VectorTensor(form, pick, body)));
        if (rank == 2)
        {
            options.Add((1, from m in same from r in Tensors(1, depth - 1, scalars) select (Tensor)new AddRow(m, r)));
            options.Add((1, same.Select(m => (Tensor)new Transpose(m))));
        }
        options.AddRange(LearningTensors(rank, same, matrix, Tensors(1, depth - 1, scalars)));
        options.AddRange(StatisticsTensors(rank, same, matrix));
        return Gen.Frequency([.. options]);
    }

    /// <summary>The machine-learning Ops: activations with a parameter, StopGradient, broadcasts, softmax, and the
    /// row reductions and picks that turn a matrix into a vector.</summary>
    private static IEnumerable<(int, Gen<Tensor>)> LearningTensors(int rank, Gen<Tensor> same, Gen<Tensor> matrix, Gen<Tensor> vector)
    {
        yield return (1, from a in same from slope in Kernels() select (Tensor)new LeakyRelu(a, slope));
        yield return (1, from a in same from p in Gen.Choose(0, 3) select (Tensor)new Power(a, p));
        yield return (1, same.Select(a => (Tensor)new StopTensor(a)));
        yield return (1, from a in same from s in Kernels() select (Tensor)new AddScalar(a, s));
        yield return (1, from op in Gen.Elements(nameof(Ops.Softmax), nameof(Ops.LogSoftmax)) from a in same select (Tensor)new SoftmaxTensor(op, a));
        if (rank == 1)
        {
            yield return (2, from op in Gen.Elements(nameof(Ops.SumRows), nameof(Ops.MeanRows), nameof(Ops.MaxRows), nameof(Ops.SumColumns), nameof(Ops.LogSumExp),
                                 nameof(Ops.Diagonal))
                             from m in matrix
                             select (Tensor)new RowReduce(op, m));
            yield return (1, from column in Gen.Elements(false, true) from m in matrix from i in Gen.Choose(0, 2) select (Tensor)new Pick(column, m, i));
        }
        else
        {
            yield return (1, from op in Gen.Elements(nameof(Ops.AddColumn), nameof(Ops.ScaleRows)) from m in same from c in vector
                             select (Tensor)new PerRow(op, m, c));
        }
    }

    /// <summary>The special functions elementwise and the linear algebra, each on arguments made valid by construction
    /// (see <see cref="SpecialTensor"/>, <see cref="Factor"/>, <see cref="Solved"/>).</summary>
    private static IEnumerable<(int, Gen<Tensor>)> StatisticsTensors(int rank, Gen<Tensor> same, Gen<Tensor> matrix)
    {
        // Eleven functions share this line: weight 2 so that the CI seed set meets each of them.
        yield return (2, from op in Gen.Elements(SpecialOps) from a in same select (Tensor)new SpecialTensor(op, a));
        yield return (1, from op in Gen.Elements(nameof(Ops.LogBeta), nameof(Ops.LogSumExp)) from a in same from b in same
                         select (Tensor)new SpecialPair(op, a, b));
        yield return (1, from op in Gen.Elements(nameof(Ops.Solve), nameof(Ops.SolveLower), nameof(Ops.SolveUpper)) from a in matrix from b in same
                         select (Tensor)new Solved(op, a, b));
        if (rank == 2)
            yield return (1, from op in Gen.Elements(nameof(Ops.Cholesky), nameof(Ops.Inverse)) from a in same select (Tensor)new Factor(op, a));
    }

    private static readonly string[] SpecialOps =
    [
        nameof(Ops.LogGamma), nameof(Ops.Digamma), nameof(Ops.Trigamma), nameof(Ops.Erf), nameof(Ops.Erfc), nameof(Ops.NormalCdf),
        nameof(Ops.LogNormalCdf), nameof(Ops.Log1pExp), nameof(Ops.Log1mExp), nameof(Ops.Logit), nameof(Ops.InvLogit),
    ];
}
