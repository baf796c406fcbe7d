// Names function units the way a user reads them (DESIGN.md): the declaration name,
// `Class.method`, the variable of `const f = () => …`, the key of an object-literal method.
import * as ts from 'typescript';

export interface UnitNaming {
  name: string;
  /** The identifier (or keyword) to anchor hovers and code lenses on. */
  nameNode: ts.Node;
  /** The statement or member whose leading comments may hold a `@workload` pragma. */
  declNode: ts.Node;
  className?: string;
}

export function propertyKeyText(name: ts.PropertyName | ts.BindingName): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const expr = name.expression;
    if (ts.isStringLiteralLike(expr) || ts.isNumericLiteral(expr)) return expr.text;
    if (ts.isPropertyAccessExpression(expr)) return `[${expr.getText()}]`;
    if (ts.isIdentifier(expr)) return `[${expr.text}]`;
    return '[computed]';
  }
  return '<pattern>';
}

function className(node: ts.ClassLikeDeclaration): string {
  if (node.name) return node.name.text;
  const parent = skipWrappers(node.parent);
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return 'default';
  return '<anonymous class>';
}

function skipWrappers(node: ts.Node): ts.Node {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) ||
         ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) {
    node = node.parent;
  }
  return node;
}

/** Pattern: module.exports.x = …, exports.x = … → `x`; a.b = … → `a.b`. */
function assignmentTargetName(target: ts.Expression): string | undefined {
  if (ts.isIdentifier(target)) return target.text;
  if (ts.isPropertyAccessExpression(target)) {
    const object = target.expression;
    const isExports = (ts.isIdentifier(object) && object.text === 'exports') ||
      (ts.isPropertyAccessExpression(object) && ts.isIdentifier(object.expression) &&
        object.expression.text === 'module' && object.name.text === 'exports');
    if (isExports) return target.name.text;
    if (ts.isIdentifier(object) && object.text === 'module' && target.name.text === 'exports') return 'module.exports';
    const prefix = assignmentTargetName(object);
    return prefix ? `${prefix}.${target.name.text}` : target.name.text;
  }
  if (ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression)) {
    const prefix = assignmentTargetName(target.expression);
    return prefix ? `${prefix}.${target.argumentExpression.text}` : target.argumentExpression.text;
  }
  return undefined;
}

function hasDefaultModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** Names a function-like node. `<anonymous>` when nothing names it (e.g. a callback argument). */
export function nameUnit(node: ts.SignatureDeclaration, sourceFile: ts.SourceFile): UnitNaming {
  const anchor = (n: ts.Node | undefined): ts.Node => n ?? node.getFirstToken(sourceFile) ?? node;

  if (ts.isConstructorDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
    const key = ts.isConstructorDeclaration(node) ? 'constructor' : propertyKeyText(node.name);
    const nameNode = ts.isConstructorDeclaration(node)
      ? anchor(node.getChildren(sourceFile).find((c) => c.kind === ts.SyntaxKind.ConstructorKeyword))
      : node.name;
    if (ts.isClassLike(node.parent)) {
      const cls = className(node.parent);
      return { name: `${cls}.${key}`, nameNode, declNode: node, className: cls };
    }
    return { name: key, nameNode, declNode: node };
  }

  if (ts.isFunctionDeclaration(node)) {
    if (node.name) return { name: node.name.text, nameNode: node.name, declNode: node };
    return { name: hasDefaultModifier(node) ? 'default' : '<anonymous>', nameNode: anchor(undefined), declNode: node };
  }

  if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) {
    const parent = skipWrappers(node.parent);
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
      const statement = parent.parent?.parent;
      return { name: parent.name.text, nameNode: parent.name, declNode: statement && ts.isVariableStatement(statement) ? statement : parent };
    }
    if (ts.isPropertyAssignment(parent)) {
      return { name: propertyKeyText(parent.name), nameNode: parent.name, declNode: parent };
    }
    if (ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent)) {
      const cls = className(parent.parent);
      return { name: `${cls}.${propertyKeyText(parent.name)}`, nameNode: parent.name, declNode: parent, className: cls };
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const name = assignmentTargetName(parent.left);
      if (name) return { name, nameNode: parent.left, declNode: ts.isExpressionStatement(parent.parent) ? parent.parent : parent };
    }
    if (ts.isExportAssignment(parent)) return { name: 'default', nameNode: anchor(undefined), declNode: parent };
    if (ts.isFunctionExpression(node) && node.name) return { name: node.name.text, nameNode: node.name, declNode: node };
  }
  return { name: '<anonymous>', nameNode: anchor(undefined), declNode: node };
}
