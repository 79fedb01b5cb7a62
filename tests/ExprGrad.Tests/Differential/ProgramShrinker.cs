using System.Linq.Expressions;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// Smaller versions of a program, most aggressive first: the body replaced by one of its sub-terms, a
/// sub-term shrunk in place, a shorter length, fewer or simpler parameters, rounder values. Every candidate
/// is well-formed because terms read atoms by position (see <see cref="Term"/>).
/// </summary>
public static class ProgramShrinker
{
    /// <summary>Candidates, for FsCheck's shrinking and for <see cref="ProgramMinimizer.Minimize"/>.</summary>
    public static IEnumerable<ProgramSpec> Shrink(ProgramSpec p)
    {
        foreach (var body in Shrink(p.Body)) yield return p with { Body = body };
        for (int l = 1; l < p.Length; l++) yield return p with { Length = l };
        if (p.Parameters.Length > 1)
            for (int i = 0; i < p.Parameters.Length; i++) yield return p with { Parameters = [.. p.Parameters.Where((_, k) => k != i)] };
        for (int i = 0; i < p.Parameters.Length; i++)
            if (p.Parameters[i] != ParameterKind.Scalar)
            {
                var simpler = (ParameterKind[])p.Parameters.Clone();
                simpler[i] = p.Parameters[i] == ParameterKind.Matrix ? ParameterKind.Vector : ParameterKind.Scalar;
                yield return p with { Parameters = simpler };
            }
        var rounded = p.Values.Select(v => Math.Round(v, 1)).ToArray();
        if (!rounded.SequenceEqual(p.Values)) yield return p with { Values = rounded };
    }

    /// <summary>Sub-terms first (a whole construct removed), then each child shrunk in place.</summary>
    public static IEnumerable<Term> Shrink(Term t)
    {
        switch (t)
        {
            case Kernel k:
                foreach (var child in KernelChildren(k.Tree.Body))
                    yield return k with { Tree = Expression.Lambda<Func<double[], double>>(child, k.Tree.Parameters) };
                if (k.Offset != 0) yield return k with { Offset = 0 };
                yield break;
            case Combine c:
                yield return c.Left;
                yield return c.Right;
                foreach (var l in Shrink(c.Left)) yield return c with { Left = l };
                foreach (var r in Shrink(c.Right)) yield return c with { Right = r };
                yield break;
            case Branch b:
                yield return b.IfPositive;
                yield return b.Otherwise;
                foreach (var x in Shrink(b.IfPositive)) yield return b with { IfPositive = x };
                foreach (var x in Shrink(b.Otherwise)) yield return b with { Otherwise = x };
                foreach (var x in Shrink(b.Test)) yield return b with { Test = x };
                yield break;
            case Sum s:
                yield return s.Body;
                if (s.DividedByCount) yield return s with { DividedByCount = false };
                if (s.Form != SumForm.OpsSum) yield return s with { Form = SumForm.OpsSum };
                foreach (var x in Shrink(s.Body)) yield return s with { Body = x };
                yield break;
            case Let l:
                yield return l.Body;
                yield return l.Value;
                foreach (var x in Shrink(l.Body)) yield return l with { Body = x };
                foreach (var x in Shrink(l.Value)) yield return l with { Value = x };
                yield break;
            case Scan s:
                yield return s.Initial;
                yield return s.Step;
                if (s.SumOfStates) yield return s with { SumOfStates = false };
                if (s.CheckpointEvery is not null) yield return s with { CheckpointEvery = null };
                if (s.ByIndex) yield return s with { ByIndex = false };
                foreach (var x in Shrink(s.Step)) yield return s with { Step = x };
                foreach (var x in Shrink(s.Initial)) yield return s with { Initial = x };
                yield break;
            case Linq l:
                yield return l.Body;
                if (l.Form != LinqForm.Average) yield return l with { Form = LinqForm.Average };
                foreach (var x in Shrink(l.Body)) yield return l with { Body = x };
                yield break;
            case VectorScan v:
                yield return v.Step;
                if (v.EachState) yield return v with { EachState = false };
                if (v.CheckpointEvery is not null) yield return v with { CheckpointEvery = null };
                foreach (var x in Shrink(v.Step)) yield return v with { Step = x };
                yield break;
            case Imperative i:
                yield return i.First;
                yield return i.Second;
                foreach (var x in Shrink(i.First)) yield return i with { First = x };
                foreach (var x in Shrink(i.Second)) yield return i with { Second = x };
                yield break;
            case Reduce r:
                if (r.Kind != Reduction.Sum) yield return r with { Kind = Reduction.Sum };
                foreach (var x in Shrink(r.Tensor)) yield return r with { Tensor = x };
                if (r.Kind is Reduction.Dot or Reduction.BinaryCrossEntropy)
                    foreach (var x in Shrink(r.Other)) yield return r with { Other = x };
                yield break;
            case Stop s:
                yield return s.Value;
                foreach (var x in Shrink(s.Value)) yield return s with { Value = x };
                yield break;
        }
    }

    /// <summary>Same-rank sub-tensors, then the operands shrunk in place.</summary>
    public static IEnumerable<Tensor> Shrink(Tensor t)
    {
        foreach (var child in Children(t).Where(c => c.Rank == t.Rank)) yield return child;
        if (t is not TensorSource) yield return new TensorSource(t.Rank, 0);
        switch (t)
        {
            case Elementwise e:
                foreach (var x in Shrink(e.A)) yield return e with { A = x };
                break;
            case MapTensor m:
                foreach (var x in Shrink(m.A)) yield return m with { A = x };
                foreach (var x in Shrink(m.Body).OfType<Kernel>()) yield return m with { Body = x };
                break;
            case TensorBinary b:
                foreach (var x in Shrink(b.A)) yield return b with { A = x };
                foreach (var x in Shrink(b.B)) yield return b with { B = x };
                break;
            case ScaleTensor s:
                foreach (var x in Shrink(s.A)) yield return s with { A = x };
                foreach (var x in Shrink(s.Factor)) yield return s with { Factor = x };
                break;
            case MatMul mm:
                foreach (var x in Shrink(mm.A)) yield return mm with { A = x };
                foreach (var x in Shrink(mm.B)) yield return mm with { B = x };
                break;
            case AddRow ar:
                foreach (var x in Shrink(ar.Matrix)) yield return ar with { Matrix = x };
                foreach (var x in Shrink(ar.Row)) yield return ar with { Row = x };
                break;
            case Transpose tr:
                foreach (var x in Shrink(tr.A)) yield return tr with { A = x };
                break;
            case LeakyRelu l:
                foreach (var x in Shrink(l.A)) yield return l with { A = x };
                foreach (var x in Shrink(l.Slope)) yield return l with { Slope = x };
                break;
            case Power p:
                if (p.Exponent > 1) yield return p with { Exponent = 1 };
                foreach (var x in Shrink(p.A)) yield return p with { A = x };
                break;
            case StopTensor st:
                foreach (var x in Shrink(st.A)) yield return st with { A = x };
                break;
            case AddScalar a:
                foreach (var x in Shrink(a.A)) yield return a with { A = x };
                foreach (var x in Shrink(a.S)) yield return a with { S = x };
                break;
            case SoftmaxTensor sm:
                foreach (var x in Shrink(sm.A)) yield return sm with { A = x };
                break;
            case PerRow pr:
                foreach (var x in Shrink(pr.Matrix)) yield return pr with { Matrix = x };
                foreach (var x in Shrink(pr.Column)) yield return pr with { Column = x };
                break;
            case RowReduce rr:
                if (rr.Op != nameof(Ops.SumRows)) yield return rr with { Op = nameof(Ops.SumRows) };
                foreach (var x in Shrink(rr.Matrix)) yield return rr with { Matrix = x };
                break;
            case Pick pk:
                if (pk.Index != 0) yield return pk with { Index = 0 };
                foreach (var x in Shrink(pk.Matrix)) yield return pk with { Matrix = x };
                break;
            case SpecialTensor st:
                foreach (var x in Shrink(st.A)) yield return st with { A = x };
                break;
            case SpecialPair sp:
                foreach (var x in Shrink(sp.A)) yield return sp with { A = x };
                foreach (var x in Shrink(sp.B)) yield return sp with { B = x };
                break;
            case Factor f:
                foreach (var x in Shrink(f.A)) yield return f with { A = x };
                break;
            case Solved so:
                foreach (var x in Shrink(so.A)) yield return so with { A = x };
                foreach (var x in Shrink(so.B)) yield return so with { B = x };
                break;
            case VectorTensor v:
                if (v.Form != VectorForm.OpsVector) yield return v with { Form = VectorForm.OpsVector };
                foreach (var x in Shrink(v.Body)) yield return v with { Body = x };
                break;
        }
    }

    private static IEnumerable<Tensor> Children(Tensor t) => t switch
    {
        Elementwise e => [e.A],
        MapTensor m => [m.A],
        TensorBinary b => [b.A, b.B],
        ScaleTensor s => [s.A],
        MatMul mm => [mm.A, mm.B],
        AddRow ar => [ar.Matrix, ar.Row],
        Transpose tr => [tr.A],
        LeakyRelu l => [l.A],
        Power p => [p.A],
        StopTensor st => [st.A],
        AddScalar a => [a.A],
        SoftmaxTensor sm => [sm.A],
        PerRow pr => [pr.Matrix, pr.Column],
        RowReduce rr => [rr.Matrix],
        Pick pk => [pk.Matrix],
        SpecialTensor st => [st.A],
        SpecialPair sp => [sp.A, sp.B],
        Factor f => [f.A],
        Solved so => [so.A, so.B],
        _ => [],
    };

    /// <summary>Double-valued direct subtrees: every subtree of a generated kernel is a valid kernel (domain guards sit below the node they protect).</summary>
    private static IEnumerable<Expression> KernelChildren(Expression e) => (e switch
    {
        BinaryExpression { NodeType: ExpressionType.ArrayIndex } => [],
        BinaryExpression b => [b.Left, b.Right],
        UnaryExpression u => [u.Operand],
        MethodCallExpression m => m.Arguments,
        ConditionalExpression c => [c.IfTrue, c.IfFalse],
        _ => (IEnumerable<Expression>)[],
    }).Where(c => c.Type == typeof(double));
}
