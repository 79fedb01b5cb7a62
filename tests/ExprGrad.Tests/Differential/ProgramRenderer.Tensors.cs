using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Differential;

/// <summary>Matrix and vector Ops: as calls, or unrolled into one scalar expression per element (row-major).</summary>
public sealed partial class ProgramRenderer
{
    private Expression ReduceOf(Reduce r, Scope scope)
    {
        if (_unrolled)
        {
            var a = Elements(r.Tensor, scope);
            return r.Kind switch
            {
                Reduction.Sum => a.Aggregate(Add),
                Reduction.SumOfSquares => a.Select(e => (Expression)Multiply(e, e)).Aggregate(Add),
                Reduction.Dot => a.Zip(Elements(r.Other, scope), (x, y) => (Expression)Multiply(x, y)).Aggregate(Add),
                _ => UnrolledLearningReduction(r, a, scope),
            };
        }
        var t = TensorOf(r.Tensor, scope);
        return r.Kind switch
        {
            Reduction.Sum => Call(OpsMethod(nameof(Ops.Sum), t.Type), t),
            Reduction.SumOfSquares => Call(OpsMethod(nameof(Ops.SumOfSquares), t.Type), t),
            Reduction.Dot => Call(OpsMethod(nameof(Ops.Dot), t.Type, t.Type), t, TensorOf(r.Other, scope)),
            _ => LearningReduction(r, t, scope),
        };
    }

    private Expression TensorOf(Tensor tensor, Scope scope)
    {
        switch (tensor)
        {
            case TensorSource s:
                var sources = Sources(s.Rank);
                int p = sources[s.Pick % sources.Length];
                return s.Rank == 1 ? VectorSource(p) : MatrixSource(p);
            case Elementwise e:
                var a = TensorOf(e.A, scope);
                return Call(OpsMethod(e.Op, a.Type), a);
            case MapTensor m:
                var v = Parameter(typeof(double), "v");
                var mapped = TensorOf(m.A, scope);
                return Call(OpsMethod(nameof(Ops.Map), mapped.Type, typeof(Func<double, double>)), mapped,
                    Lambda<Func<double, double>>(KernelBody(m.Body, scope.Prepend(v)), v));
            case TensorBinary b:
                var (l, r) = (TensorOf(b.A, scope), TensorOf(b.B, scope));
                return Call(OpsMethod(b.Op, l.Type, r.Type), l, r);
            case ScaleTensor s:
                var scaled = TensorOf(s.A, scope);
                return Call(OpsMethod(nameof(Ops.Scale), typeof(double), scaled.Type), Scalar(s.Factor, scope), scaled);
            case MatMul mm:
                var (left, right) = (TensorOf(mm.A, scope), TensorOf(mm.B, scope));
                return Call(OpsMethod(nameof(Ops.MatMul), left.Type, right.Type), left, right);
            case AddRow ar:
                return Call(OpsMethod(nameof(Ops.AddRow), typeof(double[,]), typeof(double[])), TensorOf(ar.Matrix, scope), TensorOf(ar.Row, scope));
            case Transpose tr:
                return Call(OpsMethod(nameof(Ops.Transpose), typeof(double[,])), TensorOf(tr.A, scope));
            case VectorTensor vt:
                return VectorOf(vt, scope);
            default:
                return LearningTensorOf(tensor, scope);
        }
    }

    /// <summary>The elements of a tensor as scalar expressions: L of a vector, L·L of a matrix (row-major).</summary>
    private Expression[] Elements(Tensor tensor, Scope scope)
    {
        int n = L;
        switch (tensor)
        {
            case TensorSource s:
                var sources = Sources(s.Rank);
                int p = sources[s.Pick % sources.Length];
                return s.Rank == 1
                    ? [.. Enumerable.Range(0, n).Select(i => VectorElement(p, Constant(i)))]
                    : [.. Enumerable.Range(0, n * n).Select(k => MatrixElement(p, Constant(k / n), Constant(k % n)))];
            case Elementwise e:
                return [.. Elements(e.A, scope).Select(x => ScalarActivation(e.Op, x))];
            case MapTensor m:
                return [.. Elements(m.A, scope).Select(x => KernelBody(m.Body, scope.Prepend(x)))];
            case TensorBinary b:
                var op = b.Op switch { nameof(Ops.Add) => ExpressionType.Add, nameof(Ops.Subtract) => ExpressionType.Subtract, _ => ExpressionType.Multiply };
                return [.. Elements(b.A, scope).Zip(Elements(b.B, scope), (x, y) => (Expression)MakeBinary(op, x, y))];
            case ScaleTensor s:
                var factor = Scalar(s.Factor, scope);
                return [.. Elements(s.A, scope).Select(x => (Expression)Multiply(factor, x))];
            case MatMul mm:
                var a = Elements(mm.A, scope);
                var bElements = Elements(mm.B, scope);
                int columns = mm.B.Rank == 2 ? n : 1;
                return [.. Enumerable.Range(0, n * columns).Select(k =>
                    Enumerable.Range(0, n).Select(j => (Expression)Multiply(a[(k / columns) * n + j], bElements[j * columns + k % columns])).Aggregate(Add))];
            case AddRow ar:
                var matrix = Elements(ar.Matrix, scope);
                var row = Elements(ar.Row, scope);
                return [.. Enumerable.Range(0, n * n).Select(k => (Expression)Add(matrix[k], row[k % n]))];
            case Transpose tr:
                var inner = Elements(tr.A, scope);
                return [.. Enumerable.Range(0, n * n).Select(k => inner[(k % n) * n + k / n])];
            case VectorTensor vt:
                return [.. Enumerable.Range(0, n).Select(i => Scalar(vt.Body, vt.Form == VectorForm.ArraySelect
                    ? scope.Prepend(VectorElement(VectorSourceOf(vt), Constant(i)))
                    : Enter(scope, Constant(i)).Prepend(VectorElement(VectorSourceOf(vt), Constant((i + 1) % n)))))];
            default:
                return LearningElements(tensor, scope);
        }
    }

    private int VectorSourceOf(VectorTensor v)
    {
        var sources = Sources(1);
        return sources[v.Source % sources.Length];
    }

    private Expression VectorOf(VectorTensor v, Scope scope)
    {
        int source = VectorSourceOf(v);
        if (v.Form == VectorForm.ArraySelect)
        {
            var e = Parameter(typeof(double), "v");
            return Call(ToArray, Call(Select, VectorSource(source), Lambda<Func<double, double>>(Scalar(v.Body, scope.Prepend(e)), e)));
        }
        var i = Parameter(typeof(int), "i");
        var next = VectorElement(source, Modulo(Add(i, Constant(1)), Constant(L)));
        var element = Lambda<Func<int, double>>(Scalar(v.Body, Enter(scope, i).Prepend(next)), i);
        return v.Form == VectorForm.OpsVector
            ? Call(OpsMethod(nameof(Ops.Vector), typeof(int), typeof(Func<int, double>)), Constant(L), element)
            : Call(ToArray, Call(SelectIndex, Call(Range, Constant(0), Constant(L)), element));
    }

    private static Expression ScalarActivation(string op, Expression x) => op switch
    {
        nameof(Ops.Sigmoid) => Call(OpsMethod(nameof(Ops.Sigmoid), typeof(double)), x),
        nameof(Ops.Relu) => Call(OpsMethod(nameof(Ops.Relu), typeof(double)), x),
        nameof(Ops.Tanh) => Call(typeof(Math).GetMethod(nameof(Math.Tanh))!, x),
        _ => Call(typeof(Math).GetMethod(nameof(Math.Exp))!, x),
    };
}
