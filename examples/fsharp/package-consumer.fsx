// Uses ExprGrad the way a user would: from packages, here a local folder feed.
// Pack both packages first (see .ci/run), from the repository root:
//   dotnet pack src/ExprGrad/ExprGrad.csproj -c Release -p:Version=0.0.0-local -o /tmp/exprgrad-feed
//   dotnet pack src/ExprGrad.FSharp/ExprGrad.FSharp.fsproj -c Release -p:Version=0.0.0-local -o /tmp/exprgrad-feed
// and remove ~/.nuget/packages/exprgrad*/0.0.0-local, which fsi would otherwise reuse from an earlier pack.
// Run from the repository root: dotnet fsi examples/fsharp/package-consumer.fsx
#i "nuget: /tmp/exprgrad-feed"
#r "nuget: ExprGrad.FSharp, 0.0.0-local"

open ExprGrad
open ExprGrad.FSharp

let value, gradient = valueAndGrad <@ fun (x, y, z) -> (x + y) * z @> (-2.0, 5.0, -4.0)
let csharpRoute = (Grad.Of(fun (x: float) -> x * x)).Invoke 3.0
printfn "value %g, gradient %A, d(x²)/dx at 3 = %g" value gradient csharpRoute
if value <> -12.0 || gradient <> (-4.0, -4.0, 3.0) || csharpRoute <> 6.0 then exit 1
